using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Charts.Tests;

/// <summary>One render per chart kind: the right renderer is picked, the PNG is 960×540, ≤ 200 KB and not blank.</summary>
public sealed class ChartRenderTests
{
    private static readonly IJourneyCharts _charts = new ServiceCollection()
        .AddSingleton<IJourneyDictionary>(JourneyDictionary.LoadEmbedded())
        .AddJourneyCharts()
        .BuildServiceProvider()
        .GetRequiredService<IJourneyCharts>();

    [Fact]
    public void Funnel_chart_renders_in_chinese_with_largest_drop_highlighted()
    {
        var image = _charts.Render(SampleResults.Funnel(), Language.Zh);
        Assert.Equal(ChartKinds.Funnel, image.Kind);
        PngAssert.IsChart(image);
        using var bitmap = PngAssert.Decode(image.Png);
        Assert.True(HasColour(bitmap, 0xE4, 0x57, 0x2E), "the largest drop is drawn in the highlight colour");
    }

    [Fact]
    public void Funnel_chart_renders_in_english()
    {
        var image = _charts.Render(SampleResults.Funnel(), Language.En);
        Assert.Equal(ChartKinds.Funnel, image.Kind);
        Assert.Equal("Funnel and drop-off by touchpoint", image.Title);
        PngAssert.IsChart(image);
    }

    [Fact]
    public void Bar_chart_renders_channels_sorted_with_values()
    {
        var image = _charts.Render(SampleResults.ConversionByChannel(), Language.Zh);
        Assert.Equal(ChartKinds.Bar, image.Kind);
        PngAssert.IsChart(image);
    }

    [Fact]
    public void Grouped_bar_chart_renders_series_side_by_side()
    {
        var image = _charts.Render(SampleResults.RevenueByChannelAndMonth(), Language.Zh);
        Assert.Equal(ChartKinds.GroupedBar, image.Kind);
        PngAssert.IsChart(image, minColours: 6);
    }

    [Fact]
    public void Stacked_bar_chart_renders_channel_by_stage()
    {
        var image = _charts.Render(SampleResults.ChannelByStage(), Language.Zh);
        Assert.Equal(ChartKinds.Stacked, image.Kind);
        PngAssert.IsChart(image, minColours: 6);
    }

    [Fact]
    public void Line_chart_renders_daily_trend_with_week_over_week_marker()
    {
        var image = _charts.Render(SampleResults.DailyConversions(), Language.Zh);
        Assert.Equal(ChartKinds.Line, image.Kind);
        PngAssert.IsChart(image);
        using var bitmap = PngAssert.Decode(image.Png);
        Assert.True(HasColour(bitmap, 0xD6, 0x45, 0x45) || HasColour(bitmap, 0x2E, 0x9E, 0x6A), "a week-over-week marker is drawn");
    }

    [Fact]
    public void Heatmap_chart_renders_cohort_retention_cells()
    {
        var image = _charts.Render(SampleResults.CohortRetention(), Language.Zh);
        Assert.Equal(ChartKinds.Heatmap, image.Kind);
        PngAssert.IsChart(image, minColours: 8);
    }

    [Fact]
    public void Paths_chart_renders_top_paths_with_translated_steps()
    {
        var image = _charts.Render(SampleResults.TopPaths(), Language.Zh);
        Assert.Equal(ChartKinds.Paths, image.Kind);
        PngAssert.IsChart(image);
    }

    [Fact]
    public void Attribution_chart_renders_models_side_by_side()
    {
        var image = _charts.Render(SampleResults.Attribution(), Language.En);
        Assert.Equal(ChartKinds.Attribution, image.Kind);
        PngAssert.IsChart(image, minColours: 5);
    }

    [Fact]
    public void Diverging_chart_renders_nps_around_zero()
    {
        var image = _charts.Render(SampleResults.NpsByTouchpoint(), Language.Zh);
        Assert.Equal(ChartKinds.Diverging, image.Kind);
        PngAssert.IsChart(image);
        using var bitmap = PngAssert.Decode(image.Png);
        Assert.True(HasColour(bitmap, 0x2E, 0x9E, 0x6A), "positive NPS in green");
        Assert.True(HasColour(bitmap, 0xD6, 0x45, 0x45), "negative NPS in red");
    }

    [Fact]
    public void Table_chart_renders_any_result_shape()
    {
        var image = _charts.Render(SampleResults.TicketServiceLevels(), Language.Zh);
        Assert.Equal(ChartKinds.Table, image.Kind);
        PngAssert.IsChart(image, minColours: 3);
    }

    [Fact]
    public void Unknown_kind_with_one_dimension_and_one_number_falls_back_to_bar()
    {
        var result = SampleResults.ConversionByChannel() with { Chart = new ChartHint("sunburst") };
        Assert.Equal(ChartKinds.Bar, _charts.Render(result, Language.En).Kind);
    }

    [Fact]
    public void Result_without_a_dimension_falls_back_to_table()
    {
        var result = SampleResults.Result("kpis", "指标", "KPIs", new ChartHint("funnel"),
            [SampleResults.Num("people", ColumnRole.Count, "人数", "People"), SampleResults.Num("revenue", ColumnRole.Currency, "收入", "Revenue")],
            [1200L, 35000.5]);
        Assert.Equal(ChartKinds.Table, _charts.Render(result, Language.Zh).Kind);
    }

    [Fact]
    public void Empty_result_still_renders_a_readable_image()
    {
        var result = SampleResults.Funnel() with { Rows = [] };
        var image = _charts.Render(result, Language.Zh);
        PngAssert.IsChart(image, minColours: 2);
    }

    [Fact]
    public void Every_chart_kind_is_registered_once()
    {
        Assert.Equal(
            new[] { "attribution", "bar", "diverging", "funnel", "grouped_bar", "heatmap", "line", "paths", "stacked", "table" },
            _charts.Kinds.Order(StringComparer.Ordinal).ToArray());
        var services = new ServiceCollection().AddJourneyCharts().AddJourneyCharts();
        Assert.Equal(10, services.Count(d => d.ServiceType == typeof(IChartRenderer)));
    }

    [Fact]
    public void Funnel_largest_drop_is_the_step_losing_the_largest_share()
    {
        Assert.Equal(3, Renderers.FunnelRenderer.LargestDrop([1000, 800, 700, 200, 150]));

        // 500 people lost at step 1 but 80% lost at step 2: the leak is step 2.
        Assert.Equal(2, Renderers.FunnelRenderer.LargestDrop([1000, 500, 100]));
        Assert.Null(Renderers.FunnelRenderer.LargestDrop([1000]));
    }

    private static bool HasColour(SkiaSharp.SKBitmap bitmap, byte r, byte g, byte b)
    {
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red == r && p.Green == g && p.Blue == b)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
