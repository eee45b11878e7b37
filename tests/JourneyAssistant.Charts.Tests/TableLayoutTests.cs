using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using static JourneyAssistant.Charts.Tests.SampleResults;

namespace JourneyAssistant.Charts.Tests;

/// <summary>A table image is legible in a chat card: people's labels, a minimum text size, every text whole inside its column.</summary>
public sealed class TableLayoutTests
{
    private static readonly string[] RawIds = ["payment_success_rate", "repurchase_rate", "aov", "conversion_rate"];

    // Shaped like kpi_week_over_week: a raw id column with its zh/en label twins, then many measures.
    private static SkillResult Kpis() => Result("kpi_week_over_week", "核心指标周环比", "KPIs week over week", new ChartHint("table"),
        [
            Dim("kpi", "指标", "KPI"), Dim("kpi_zh", "指标名称", "KPI (Chinese)"), Dim("kpi_en", "指标名称（英文）", "KPI name"),
            Num("this_period", ColumnRole.Measure, "本期", "This period"), Num("previous_period", ColumnRole.Measure, "上期", "Previous period"),
            Num("change", ColumnRole.Measure, "变化", "Change"), Num("change_pct", ColumnRole.Percent, "环比", "Change %"),
            Dim("top_channel", "贡献最大的渠道", "Top contributing channel", "channel"),
        ],
        ["payment_success_rate", "支付成功率", "Payment success rate", 0.91, 0.93, -0.02, -0.0215, "mini_program"],
        ["repurchase_rate", "复购率", "Repurchase rate", 0.18, 0.17, 0.01, 0.0588, "wechat_moments"],
        ["aov", "客单价", "Average order value (CNY) across every online and offline channel of the group", 312.5, 298.0, 14.5, 0.0487, "store"]);

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void Kpi_table_shows_label_columns_not_raw_ids_and_every_text_fits_whole(string code)
    {
        var language = Languages.Parse(code)!.Value;
        var layout = TableLayout.For(new ChartRequest(Kpis(), language, JourneyDictionary.LoadEmbedded()));

        var names = layout.Columns.Select(c => Kpis().Columns[c.Index].Name).ToList();
        Assert.Contains("kpi_" + code, names);
        Assert.DoesNotContain("kpi", names);
        Assert.DoesNotContain(code == "zh" ? "kpi_en" : "kpi_zh", names);
        Assert.All(layout.Columns.SelectMany(c => c.Cells), cell => Assert.DoesNotContain(cell, RawIds));

        Assert.True(layout.Columns.Sum(c => c.Width) <= layout.Available, "the columns are wider than the image");
        Assert.True(TableLayout.FontSize >= 18);
        foreach (var column in layout.Columns)
        {
            foreach (var text in column.Cells.Prepend(column.Header))
            {
                Assert.True(TableLayout.Measure(text, bold: true) <= column.Width - TableLayout.Padding + 0.5f, $"'{text}' overflows its column");
            }
        }
    }

    [Fact]
    public void Too_long_label_is_shortened_at_a_word_boundary_never_mid_word()
    {
        var layout = TableLayout.For(new ChartRequest(Kpis(), Language.En, JourneyDictionary.LoadEmbedded(), Width: 700));

        var labels = layout.Columns.Single(c => Kpis().Columns[c.Index].Name == "kpi_en").Cells;
        var longest = labels[2];
        Assert.EndsWith("…", longest);
        var kept = longest[..^1];
        const string original = "Average order value (CNY) across every online and offline channel of the group";
        Assert.StartsWith(kept, original);
        Assert.Equal(' ', original[kept.Length]); // cut before a space: the last word is whole
    }

    [Fact]
    public void Kpi_table_image_renders_at_the_chat_size()
    {
        var charts = new JourneyCharts([new Renderers.TableRenderer()], JourneyDictionary.LoadEmbedded());
        var image = charts.Render(Kpis(), Language.Zh, kind: ChartKinds.Table);

        Assert.Equal(ChartKinds.Table, image.Kind);
        PngAssert.IsChart(image, minColours: 3);
        var folder = Path.Combine(Testing.RepoPaths.Root, "artifacts", "charts");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "table-kpis-zh.png"), image.Png);
    }
}
