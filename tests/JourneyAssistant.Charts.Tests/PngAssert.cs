using System.Runtime.CompilerServices;
using JourneyAssistant.Testing;
using SkiaSharp;

namespace JourneyAssistant.Charts.Tests;

/// <summary>Checks a chart PNG (size, weight, not blank) and keeps it under tests/…/artifacts/ named after the test, for people to look at.</summary>
internal static class PngAssert
{
    public const int MaxBytes = 200 * 1024;

    public static string ArtifactsFolder => Path.Combine(RepoPaths.Root, "tests", "JourneyAssistant.Charts.Tests", "artifacts");

    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a decodable image");

    public static void IsChart(ChartImage image, int minColours = 4, [CallerMemberName] string testName = "")
    {
        image.SaveAs(Path.Combine(ArtifactsFolder, testName + ".png"));
        Assert.True(image.Png.Length <= MaxBytes, $"{testName}: {image.Png.Length} bytes > {MaxBytes}");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Png.Take(4).ToArray());
        using var bitmap = Decode(image.Png);
        Assert.Equal(960, bitmap.Width);
        Assert.Equal(540, bitmap.Height);
        var colours = DistinctColours(bitmap);
        Assert.True(colours >= minColours, $"{testName}: only {colours} distinct colours; the chart looks empty");
    }

    public static int DistinctColours(SKBitmap bitmap)
    {
        var seen = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                seen.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return seen.Count;
    }
}
