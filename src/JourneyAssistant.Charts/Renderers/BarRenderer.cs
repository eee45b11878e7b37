using JourneyAssistant.Charts.Rendering;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Bar: one dimension and one number, sorted largest first, values labelled; horizontal when labels are many or long.</summary>
public sealed class BarRenderer : IChartRenderer
{
    private const int MaxBars = 15;

    public string Kind => ChartKinds.Bar;

    public IReadOnlyList<string> Aliases => ["column", "bar_chart"];

    public bool CanRender(ChartRequest request)
    {
        return new ChartColumns(request).HasXAndY;
    }

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var items = columns.Ranked(MaxBars);

        using var frame = new ChartFrame(request);
        if (items.Count == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        var horizontal = items.Count > 6 || items.Any(i => i.Label.Length > 8);
        HorizontalBars.Draw(frame, items.Select(i => i.Label).ToList(), items.Select(i => i.Value).ToList(),
            v => columns.Format(v, columns.Y), horizontal, _ => ChartPalette.Primary);
        var valueAxis = horizontal ? (IAxis)frame.Plot.Axes.Bottom : frame.Plot.Axes.Left;
        valueAxis.Label.Text = columns.ColumnLabel(columns.Y);
        ChartFrame.ValueTicks(valueAxis, columns.Column(columns.Y));
        return frame.Png();
    }
}

/// <summary>Shared drawing of a single-series bar chart with value labels, first item at the top (or left).</summary>
internal static class HorizontalBars
{
    public static void Draw(ChartFrame frame, IReadOnlyList<string> labels, IReadOnlyList<double> values,
        Func<double, string> format, bool horizontal, Func<int, Color> color)
    {
        var n = values.Count;
        var bars = new List<Bar>();
        var min = Math.Min(0, values.Min());
        var max = Math.Max(0, values.Max());
        var span = Math.Max(max - min, 1e-9);
        for (var i = 0; i < n; i++)
        {
            var position = horizontal ? n - 1 - i : i;
            bars.Add(new Bar
            {
                Position = position,
                Value = values[i],
                FillColor = color(i),
                LineWidth = 0,
                Size = 0.66,
                Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
            });

            var negative = values[i] < 0;
            var text = horizontal
                ? frame.Text(format(values[i]), values[i], position, negative ? Alignment.MiddleRight : Alignment.MiddleLeft)
                : frame.Text(format(values[i]), position, values[i], negative ? Alignment.UpperCenter : Alignment.LowerCenter);
            if (horizontal)
            {
                text.OffsetX = negative ? -6 : 6;
            }
            else
            {
                text.OffsetY = negative ? 4 : -4;
            }
        }

        var plot = frame.Plot.Add.Bars(bars);
        plot.Horizontal = horizontal;
        var positions = Enumerable.Range(0, n).Select(i => (double)(horizontal ? n - 1 - i : i)).ToArray();
        var low = min < 0 ? min - (span * 0.22) : 0;
        var high = max > 0 ? max + (span * 0.22) : 0;
        if (horizontal)
        {
            frame.LeftCategories(positions, labels.ToArray());
            frame.Plot.Axes.SetLimits(low, high, -0.6, n - 0.4);
            frame.Plot.Grid.YAxisStyle.IsVisible = false;
        }
        else
        {
            frame.BottomCategories(positions, labels.ToArray());
            frame.Plot.Axes.SetLimits(-0.6, n - 0.4, low, high);
            frame.Plot.Grid.XAxisStyle.IsVisible = false;
        }
    }
}
