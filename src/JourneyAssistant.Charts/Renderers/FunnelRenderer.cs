using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Store.Localization;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Funnel: one horizontal bar per step in journey order, people and step conversion labelled, the worst step conversion highlighted.</summary>
public sealed class FunnelRenderer : IChartRenderer
{
    /// <summary>The column funnel skills use for "people who reached the next step".</summary>
    public const string NextColumn = "next_people";

    public string Kind => ChartKinds.Funnel;

    public bool CanRender(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        return columns.X >= 0 && columns.Y >= 0;
    }

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var zh = request.Language == Language.Zh;
        var steps = request.Result.Rows
            .Select(row => (Label: columns.Label(row, columns.X), Value: columns.Number(row, columns.Y)))
            .Where(s => double.IsFinite(s.Value))
            .ToList();

        // Funnel skills report, per step, how many went on; the last step's "went on" is the conversion itself.
        var next = request.Result.IndexOf(NextColumn);
        if (next >= 0 && next != columns.Y && request.Result.Rows.Count > 0
            && columns.Number(request.Result.Rows[^1], next) is var converted && double.IsFinite(converted))
        {
            steps.Add((zh ? "完成转化" : "Converted", converted));
        }

        var drop = LargestDrop(steps.Select(s => s.Value).ToList());
        var subtitle = drop is { } d
            ? (zh
                ? $"最大流失：{steps[d - 1].Label} → {steps[d].Label}，流失 {ValueFormat.Count(steps[d - 1].Value - steps[d].Value)} 人（{ValueFormat.Percent(1 - Ratio(steps[d].Value, steps[d - 1].Value))}）"
                : $"Largest drop: {steps[d - 1].Label} → {steps[d].Label}, {ValueFormat.Count(steps[d - 1].Value - steps[d].Value)} people lost ({ValueFormat.Percent(1 - Ratio(steps[d].Value, steps[d - 1].Value))})")
            : null;
        using var frame = new ChartFrame(request, subtitle);
        if (steps.Count == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        var max = steps.Max(s => s.Value);
        var bars = new List<Bar>();
        for (var i = 0; i < steps.Count; i++)
        {
            // First step at the top: positions count down.
            var position = steps.Count - 1 - i;
            var highlighted = i == drop;
            bars.Add(new Bar
            {
                Position = position,
                Value = steps[i].Value,
                FillColor = highlighted ? ChartPalette.Highlight : ChartPalette.Primary,
                LineWidth = 0,
                Size = 0.7,
                Orientation = Orientation.Horizontal,
            });

            var label = ValueFormat.Count(steps[i].Value) + (zh ? " 人" : " people");
            if (i > 0)
            {
                label += zh
                    ? $"  · 转化 {ValueFormat.Percent(Ratio(steps[i].Value, steps[i - 1].Value))}"
                    : $"  · {ValueFormat.Percent(Ratio(steps[i].Value, steps[i - 1].Value))} of previous";
            }

            var text = frame.Text(label, steps[i].Value, position, Alignment.MiddleLeft,
                highlighted ? ChartPalette.Highlight : ChartPalette.Text, bold: highlighted);
            text.OffsetX = 6;
        }

        var plot = frame.Plot.Add.Bars(bars);
        plot.Horizontal = true;
        frame.LeftCategories(
            Enumerable.Range(0, steps.Count).Select(i => (double)(steps.Count - 1 - i)).ToArray(),
            steps.Select(s => s.Label).ToArray());
        frame.Plot.Axes.SetLimits(0, max * 1.45, -0.6, steps.Count - 0.4);
        frame.Plot.Axes.Bottom.Label.Text = columns.ColumnLabel(columns.Y);
        frame.Plot.Grid.XAxisStyle.MajorLineStyle.Width = 1;
        frame.Plot.Grid.YAxisStyle.IsVisible = false;
        return frame.Png();
    }

    /// <summary>
    /// Index of the step with the worst step conversion (the highest share lost since the step before); null with
    /// fewer than two steps. By share, not head count: later steps always lose fewer people in absolute terms.
    /// </summary>
    public static int? LargestDrop(IReadOnlyList<double> values)
    {
        int? best = null;
        var bestShare = double.NegativeInfinity;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i - 1] <= 0)
            {
                continue;
            }

            var lost = 1 - (values[i] / values[i - 1]);
            if (lost > bestShare)
            {
                bestShare = lost;
                best = i;
            }
        }

        return best;
    }

    private static double Ratio(double value, double previous) => previous > 0 ? value / previous : double.NaN;
}
