using JourneyAssistant.Charts.Rendering;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Stacked bar: one column per category (e.g. channel), stacked by series (e.g. stage), totals on top.</summary>
public sealed class StackedBarRenderer : IChartRenderer
{
    public string Kind => ChartKinds.Stacked;

    public IReadOnlyList<string> Aliases => ["stacked_bar", "stack"];

    public bool CanRender(ChartRequest request) => SeriesTable.From(new ChartColumns(request)) is { Series.Count: >= 1 };

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var table = SeriesTable.From(columns)!;
        using var frame = new ChartFrame(request);
        var order = Enumerable.Range(0, table.Categories.Count).OrderByDescending(table.Total).Take(12).ToList();
        if (order.Count == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        var bases = new double[order.Count];
        for (var s = 0; s < table.Series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var c = 0; c < order.Count; c++)
            {
                var value = table.Values[order[c], s];
                if (!double.IsFinite(value) || value <= 0)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = c,
                    ValueBase = bases[c],
                    Value = bases[c] + value,
                    FillColor = ChartPalette.Series(s),
                    LineWidth = 1,
                    LineColor = ChartPalette.Background,
                    Size = 0.62,
                });
                bases[c] += value;
            }

            var plot = frame.Plot.Add.Bars(bars);
            plot.LegendText = table.Series[s];
            plot.Color = ChartPalette.Series(s);
        }

        for (var c = 0; c < order.Count; c++)
        {
            frame.Text(columns.Format(bases[c], table.ValueColumn), c, bases[c], Alignment.LowerCenter).OffsetY = -4;
        }

        frame.BottomCategories(Enumerable.Range(0, order.Count).Select(c => (double)c).ToArray(),
            order.Select(c => table.Categories[c]).ToArray());
        frame.Plot.Axes.SetLimits(-0.6, order.Count - 0.4, 0, Math.Max(bases.Max(), 1e-9) * 1.15);
        frame.Plot.Grid.XAxisStyle.IsVisible = false;
        frame.Plot.Axes.Left.Label.Text = columns.ColumnLabel(table.ValueColumn);
        ChartFrame.ValueTicks(frame.Plot.Axes.Left, columns.Column(table.ValueColumn));
        frame.Plot.ShowLegend(Edge.Right);
        return frame.Png();
    }
}
