using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace JourneyAssistant.Testing;

/// <summary>
/// Golden-file assertions: compares text with a committed `*.verified.*` file beside the test source and writes
/// `*.received.*` on a mismatch. (Verify.Xunit needs the Verify package, which our registry does not serve.)
/// Set JOURNEY_ACCEPT_SNAPSHOTS=1 to accept received output as the new golden file.
/// </summary>
public static class Snapshot
{
    /// <summary>Asserts that <paramref name="actual"/> (after scrubbing) equals the golden file named after the calling test.</summary>
    public static void Match(string actual, string extension = "txt", string? name = null, IEnumerable<(string Pattern, string Replacement)>? scrubbers = null,
        [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        var text = Normalize(actual);
        foreach (var (pattern, replacement) in scrubbers ?? [])
        {
            text = Regex.Replace(text, pattern, replacement);
        }

        var folder = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
        var stem = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{name ?? testName}";
        var verified = Path.Combine(folder, $"{stem}.verified.{extension}");
        var received = Path.Combine(folder, $"{stem}.received.{extension}");
        Directory.CreateDirectory(folder);

        if (Environment.GetEnvironmentVariable("JOURNEY_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, text);
            File.Delete(received);
            return;
        }

        if (!File.Exists(verified))
        {
            File.WriteAllText(received, text);
            Assert.Fail($"No golden file {verified}. Review {received} and rename it (or run with JOURNEY_ACCEPT_SNAPSHOTS=1).");
        }

        var expected = Normalize(File.ReadAllText(verified));
        if (expected != text)
        {
            File.WriteAllText(received, text);
        }
        else
        {
            File.Delete(received);
        }

        Assert.Equal(expected, text);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";
}
