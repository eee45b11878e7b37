using JourneyAssistant.Charts.Fonts;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts.Tests;

/// <summary>Chinese must render as real glyphs on a machine without CJK fonts: the embedded font is used and covers our vocabulary.</summary>
public sealed class ChineseTextTests
{
    private static readonly IJourneyCharts _charts = new JourneyCharts(
        [new Renderers.FunnelRenderer(), new Renderers.BarRenderer(), new Renderers.TableRenderer()], JourneyDictionary.LoadEmbedded());

    [Fact]
    public void Different_chinese_titles_draw_different_pixels()
    {
        // Tofu boxes for two different titles of equal length look identical; real glyphs do not.
        var first = _charts.Render(SampleResults.Funnel(), Language.Zh, title: "支付页流失最多");
        var second = _charts.Render(SampleResults.Funnel(), Language.Zh, title: "会员复购下降了");
        PngAssert.IsChart(first, testName: "Chinese_title_first");
        PngAssert.IsChart(second, testName: "Chinese_title_second");

        using var a = PngAssert.Decode(first.Png);
        using var b = PngAssert.Decode(second.Png);
        var differing = 0;
        var inked = 0;
        for (var y = 0; y < 45; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var pa = a.GetPixel(x, y);
                if (pa != b.GetPixel(x, y))
                {
                    differing++;
                }

                if (pa.Red < 128)
                {
                    inked++;
                }
            }
        }

        Assert.True(inked > 200, $"the title band holds text ({inked} dark pixels)");
        Assert.True(differing > 300, $"only {differing} pixels differ between two different Chinese titles: glyphs are probably tofu");
    }

    [Fact]
    public void Embedded_font_is_the_typeface_scottplot_resolves()
    {
        ChartFonts.EnsureRegistered();
        var resolved = ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Default, false, false);
        Assert.Equal(ChartFonts.Typeface.FamilyName, resolved.FamilyName);
        Assert.Contains("WenQuanYi", ChartFonts.Typeface.FamilyName, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ChartFonts.Family, ScottPlot.Fonts.Default);
    }

    [Fact]
    public void Embedded_font_covers_every_dictionary_label_and_chart_phrase()
    {
        var dictionary = JourneyDictionary.LoadEmbedded();
        var labels = new[] { DictionaryKind.Stage, DictionaryKind.Channel, DictionaryKind.Touchpoint, DictionaryKind.Event }
            .SelectMany(dictionary.Entries)
            .SelectMany(e => new[] { e.Label.Zh, e.Label.En })
            .Append("最大流失：→，流失人（）转化周环比所选范围内没有数据前行共（0 以上为正面）¥%–−▲▼·…")
            .ToList();
        Assert.True(labels.Count > 40, "the dictionary has labels to check");

        var missing = labels.SelectMany(ChartFonts.MissingGlyphs).Distinct().ToList();
        Assert.True(missing.Count == 0, "no glyph for: " + string.Join(" ", missing));
    }

    [Fact]
    public void Missing_glyph_check_detects_characters_outside_the_font()
    {
        // A Linear B syllable is in no CJK font: proves the coverage check can fail.
        Assert.NotEmpty(ChartFonts.MissingGlyphs("\U00010000"));
    }
}
