using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Store.Localization;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Diverging bar around 0 (NPS by touchpoint): promoters-heavy to the right in green, detractor-heavy to the left in red.</summary>
public sealed class DivergingRenderer : IChartRenderer
{
    public string Kind => ChartKinds.Diverging;

    public IReadOnlyList<string> Aliases => ["nps", "diverging_bar"];

    public bool CanRender(ChartRequest request)
    {
        return new ChartColumns(request).HasXAndY;
    }

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var items = columns.Ranked(15);

        using var frame = new ChartFrame(request);
        if (items.Count == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        HorizontalBars.Draw(frame, items.Select(i => i.Label).ToList(), items.Select(i => i.Value).ToList(),
            v => (v > 0 ? "+" : string.Empty) + columns.Format(v, columns.Y), horizontal: true,
            i => items[i].Value >= 0 ? ChartPalette.Positive : ChartPalette.Negative);
        var zero = frame.Plot.Add.VerticalLine(0, 1.5f, ChartPalette.SubtleText);
        zero.LinePattern = LinePattern.Solid;
        frame.Plot.Axes.Bottom.Label.Text = columns.ColumnLabel(columns.Y)
            + (request.Language == Language.Zh ? "（0 以上为正面）" : " (above 0 is positive)");
        return frame.Png();
    }
}
