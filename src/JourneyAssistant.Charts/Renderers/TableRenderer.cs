using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Table image: the fallback for any result shape, header shaded, numbers right-aligned and formatted by role; what it shows is decided by <see cref="TableLayout"/>.</summary>
public sealed class TableRenderer : IChartRenderer
{
    public string Kind => ChartKinds.Table;

    public bool CanRender(ChartRequest request) => request.Result.Columns.Count > 0;

    public byte[] Render(ChartRequest request)
    {
        var layout = TableLayout.For(request);
        var subtitle = layout.HiddenRows > 0
            ? (request.Language == Language.Zh ? $"前 {layout.Rows} 行，共 {layout.Rows + layout.HiddenRows} 行" : $"First {layout.Rows} of {layout.Rows + layout.HiddenRows} rows")
            : null;

        using var frame = new ChartFrame(request, subtitle);
        var plot = frame.Plot;
        // Hide axes but keep the title panel; a short table keeps a fixed row height instead of stretching.
        plot.Axes.Left.IsVisible = false;
        plot.Axes.Bottom.IsVisible = false;
        plot.Axes.Right.IsVisible = false;
        plot.Axes.Top.IsVisible = false;
        plot.Axes.Frame(false);
        plot.HideGrid();

        // Column widths in proportion to the pixels their text needs (measured with the chart font), over [0, 1].
        var total = layout.Columns.Sum(c => c.Width);
        var lines = layout.Rows + 1;
        plot.Axes.SetLimits(0, 1, lines - Math.Max(lines, 10), lines);

        var left = 0.0;
        foreach (var column in layout.Columns)
        {
            var width = column.Width / total;
            var inset = TableLayout.Padding / 2 / Math.Max(total, layout.Available);
            for (var line = 0; line < lines; line++)
            {
                var y = lines - 1 - line;
                if (line == 0 || line % 2 == 0)
                {
                    var fill = plot.Add.Rectangle(left, left + width, y, y + 1);
                    fill.FillColor = line == 0 ? ChartPalette.HeaderFill : Color.FromHex("#F8FAFC");
                    fill.LineWidth = 0;
                }

                var x = column.Numeric ? left + width - inset : left + inset;
                var text = line == 0 ? column.Header : column.Cells[line - 1];
                frame.Text(text, x, y + 0.5, column.Numeric ? Alignment.MiddleRight : Alignment.MiddleLeft,
                    line == 0 ? ChartPalette.SubtleText : ChartPalette.Text, size: TableLayout.FontSize, bold: line == 0);
            }

            left += width;
        }

        return frame.Png();
    }
}
