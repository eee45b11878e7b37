using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace JourneyAssistant.Charts.Fonts;

/// <summary>The embedded CJK font every chart text is drawn with, registered once with ScottPlot.</summary>
public static class ChartFonts
{
    /// <summary>The family name charts ask ScottPlot for.</summary>
    public const string Family = "WenQuanYi Micro Hei";

    private const string ResourceName = "JourneyAssistant.Charts.Fonts.wqy-microhei.ttc";
    private static readonly Lazy<SKTypeface> _typeface = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly object _gate = new();
    private static bool _registered;

    /// <summary>The embedded typeface (face 0 of the collection: the proportional Micro Hei).</summary>
    public static SKTypeface Typeface => _typeface.Value;

    /// <summary>Makes ScottPlot resolve every font request to the embedded typeface; idempotent and thread-safe.</summary>
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref _registered))
        {
            return;
        }

        lock (_gate)
        {
            if (_registered)
            {
                return;
            }

            // First in the list so it wins over whatever (possibly tofu-only) fonts the machine has.
            ScottPlot.Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            ScottPlot.Fonts.Default = Family;
            ScottPlot.Fonts.Sans = Family;
            Volatile.Write(ref _registered, true);
        }
    }

    /// <summary>The characters of <paramref name="text"/> the embedded font has no glyph for (whitespace ignored).</summary>
    public static IReadOnlyList<string> MissingGlyphs(string text)
    {
        var missing = new List<string>();
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            if (string.IsNullOrWhiteSpace(element))
            {
                continue;
            }

            var codePoint = char.ConvertToUtf32(element, 0);
            if (Typeface.GetGlyph(codePoint) == 0 && !missing.Contains(element))
            {
                missing.Add(element);
            }
        }

        return missing;
    }

    private static SKTypeface Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded font {ResourceName} is missing from the Charts assembly.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data, 0)
            ?? throw new InvalidOperationException($"Embedded font {ResourceName} could not be loaded by SkiaSharp.");
    }

    /// <summary>Answers every family request with the embedded font: charts must look the same on every machine.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Typeface;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Typeface;
    }
}
