using JourneyAssistant.Charts.Rendering;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Grouped bar: categories (e.g. channels) sorted by total, one coloured bar per series side by side, values labelled.</summary>
public sealed class GroupedBarRenderer : IChartRenderer
{
    public string Kind => ChartKinds.GroupedBar;

    public IReadOnlyList<string> Aliases => ["grouped", "bar_grouped", "clustered"];

    public bool CanRender(ChartRequest request) => SeriesTable.From(new ChartColumns(request)) is { Series.Count: >= 1 };

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var table = SeriesTable.From(columns)!;
        using var frame = new ChartFrame(request);
        Draw(frame, columns, table, horizontal: false, maxCategories: 8);
        return frame.Png();
    }

    /// <summary>Draws side-by-side bars; shared with the attribution chart, which lays them out horizontally.</summary>
    internal static void Draw(ChartFrame frame, ChartColumns columns, SeriesTable table, bool horizontal, int maxCategories)
    {
        var order = Enumerable.Range(0, table.Categories.Count)
            .OrderByDescending(table.Total)
            .Take(maxCategories)
            .ToList();
        if (order.Count == 0)
        {
            frame.Empty();
            return;
        }

        var seriesCount = table.Series.Count;
        var groupWidth = 0.8;
        var barWidth = groupWidth / seriesCount;
        var max = 0.0;
        var labelValues = order.Count * seriesCount <= 32;
        for (var s = 0; s < seriesCount; s++)
        {
            var bars = new List<Bar>();
            for (var c = 0; c < order.Count; c++)
            {
                var value = table.Values[order[c], s];
                if (!double.IsFinite(value))
                {
                    continue;
                }

                max = Math.Max(max, value);
                var center = horizontal ? order.Count - 1 - c : c;
                var position = center - (groupWidth / 2) + (barWidth * (horizontal ? seriesCount - 1 - s : s)) + (barWidth / 2);
                bars.Add(new Bar
                {
                    Position = position,
                    Value = value,
                    FillColor = ChartPalette.Series(s),
                    LineWidth = 0,
                    Size = barWidth * 0.92,
                    Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
                });
                if (labelValues)
                {
                    var text = horizontal
                        ? frame.Text(columns.Format(value, table.ValueColumn), value, position, Alignment.MiddleLeft, size: 11)
                        : frame.Text(columns.Format(value, table.ValueColumn), position, value, Alignment.LowerCenter, size: 11);
                    if (horizontal)
                    {
                        text.OffsetX = 4;
                    }
                    else
                    {
                        text.OffsetY = -3;
                    }
                }
            }

            var plot = frame.Plot.Add.Bars(bars);
            plot.Horizontal = horizontal;
            plot.LegendText = table.Series[s];
            plot.Color = ChartPalette.Series(s);
        }

        var positions = Enumerable.Range(0, order.Count).Select(c => (double)(horizontal ? order.Count - 1 - c : c)).ToArray();
        var labels = order.Select(c => table.Categories[c]).ToArray();
        if (horizontal)
        {
            frame.LeftCategories(positions, labels);
            frame.Plot.Axes.SetLimits(0, Math.Max(max, 1e-9) * 1.2, -0.6, order.Count - 0.4);
            frame.Plot.Grid.YAxisStyle.IsVisible = false;
        }
        else
        {
            frame.BottomCategories(positions, labels);
            frame.Plot.Axes.SetLimits(-0.6, order.Count - 0.4, 0, Math.Max(max, 1e-9) * 1.18);
            frame.Plot.Grid.XAxisStyle.IsVisible = false;
        }

        ChartFrame.ValueTicks(horizontal ? frame.Plot.Axes.Bottom : frame.Plot.Axes.Left, columns.Column(table.ValueColumn));
        frame.Plot.ShowLegend(Edge.Right);
    }
}
