using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Table image: the fallback for any result shape, header shaded, numbers right-aligned and formatted by role.</summary>
public sealed class TableRenderer : IChartRenderer
{
    private const int MaxRows = 12;
    private const int MaxColumns = 7;

    public string Kind => ChartKinds.Table;

    public bool CanRender(ChartRequest request) => request.Result.Columns.Count > 0;

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var shownColumns = Enumerable.Range(0, Math.Min(request.Result.Columns.Count, MaxColumns)).ToList();
        var rows = request.Result.Rows.Take(MaxRows).ToList();
        var hidden = request.Result.Rows.Count - rows.Count;
        var subtitle = hidden > 0
            ? (request.Language == Language.Zh ? $"前 {rows.Count} 行，共 {request.Result.Rows.Count} 行" : $"First {rows.Count} of {request.Result.Rows.Count} rows")
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
        var cells = shownColumns.Select(c => rows.Select(r => Cell(columns, r, c)).Prepend(columns.ColumnLabel(c)).ToList()).ToList();

        // Column widths proportional to their longest text (CJK counts double), in data units over [0, 1].
        var weights = cells.Select(col => Math.Max(4, col.Max(TextWidth))).Select(w => (double)w).ToList();
        var total = weights.Sum();
        var lines = rows.Count + 1;
        plot.Axes.SetLimits(0, 1, lines - Math.Max(lines, 10), lines);

        var left = 0.0;
        for (var c = 0; c < shownColumns.Count; c++)
        {
            var width = weights[c] / total;
            var numeric = columns.Column(shownColumns[c]).Role != ColumnRole.Dimension;
            for (var line = 0; line < lines; line++)
            {
                var y = lines - 1 - line;
                if (line == 0 || line % 2 == 0)
                {
                    var fill = plot.Add.Rectangle(left, left + width, y, y + 1);
                    fill.FillColor = line == 0 ? ChartPalette.HeaderFill : Color.FromHex("#F8FAFC");
                    fill.LineWidth = 0;
                }

                var x = numeric ? left + width - 0.01 : left + 0.01;
                frame.Text(cells[c][line], x, y + 0.5, numeric ? Alignment.MiddleRight : Alignment.MiddleLeft,
                    line == 0 ? ChartPalette.SubtleText : ChartPalette.Text, size: 14, bold: line == 0);
            }

            left += width;
        }

        return frame.Png();
    }

    private static string Cell(ChartColumns columns, object?[] row, int index)
    {
        var column = columns.Column(index);
        if (column.Role == ColumnRole.Dimension)
        {
            var text = columns.Label(row, index);
            return text.Length > 28 ? text[..27] + "…" : text;
        }

        return columns.Format(columns.Number(row, index), index);
    }

    private static int TextWidth(string text) => text.Sum(ch => ch > 0x2E80 ? 2 : 1);
}
