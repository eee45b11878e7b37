using JourneyAssistant.Charts.Rendering;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Attribution comparison: channels down the side, one bar per attribution model (first touch, last touch, linear, Markov…).</summary>
public sealed class AttributionRenderer : IChartRenderer
{
    public string Kind => ChartKinds.Attribution;

    public IReadOnlyList<string> Aliases => ["attribution_compare", "models"];

    public bool CanRender(ChartRequest request) => SeriesTable.From(new ChartColumns(request)) is { Series.Count: >= 1 };

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var table = SeriesTable.From(columns)!;
        using var frame = new ChartFrame(request);
        GroupedBarRenderer.Draw(frame, columns, table, horizontal: true, maxCategories: 8);
        frame.Plot.Axes.Bottom.Label.Text = columns.ColumnLabel(table.ValueColumn);
        return frame.Png();
    }
}
