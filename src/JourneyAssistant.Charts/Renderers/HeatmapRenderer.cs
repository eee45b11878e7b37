using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Results;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Cohort retention heatmap: cohorts down the side, periods across, the value (e.g. 23.4%) written in every cell.</summary>
public sealed class HeatmapRenderer : IChartRenderer
{
    public string Kind => ChartKinds.Heatmap;

    public IReadOnlyList<string> Aliases => ["cohort", "retention", "matrix"];

    public bool CanRender(ChartRequest request) => Table(new ChartColumns(request)) is not null;

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var table = Table(columns)!;
        using var frame = new ChartFrame(request);
        var rows = table.Categories.Count;
        var cols = table.Series.Count;
        if (rows == 0 || cols == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        var finite = Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, cols).Select(c => table.Values[r, c]))
            .Where(double.IsFinite).ToList();
        var percent = columns.Column(table.ValueColumn).Role == ColumnRole.Percent;
        var top = percent ? 1.0 : Math.Max(finite.DefaultIfEmpty(1).Max(), 1e-9);
        var fontSize = cols > 10 || rows > 12 ? 10f : 13f;
        for (var r = 0; r < rows; r++)
        {
            var y = rows - 1 - r;
            for (var c = 0; c < cols; c++)
            {
                var value = table.Values[r, c];
                var cell = frame.Plot.Add.Rectangle(c, c + 1, y, y + 1);
                cell.LineColor = ChartPalette.Background;
                cell.LineWidth = 1;
                if (!double.IsFinite(value))
                {
                    cell.FillColor = ChartPalette.Background;
                    continue;
                }

                var intensity = value / top;
                cell.FillColor = ChartPalette.Ramp(intensity);
                frame.Text(columns.Format(value, table.ValueColumn), c + 0.5, y + 0.5, Alignment.MiddleCenter,
                    intensity > 0.55 ? Colors.White : ChartPalette.Text, size: fontSize);
            }
        }

        frame.LeftCategories(Enumerable.Range(0, rows).Select(r => rows - 1 - r + 0.5).ToArray(), table.Categories.ToArray());
        frame.BottomCategories(Enumerable.Range(0, cols).Select(c => c + 0.5).ToArray(), table.Series.ToArray());
        frame.Plot.Axes.SetLimits(0, cols, 0, rows);
        frame.Plot.HideGrid();
        if (table.ColumnAxis is { } period)
        {
            frame.Plot.Axes.Bottom.Label.Text = columns.ColumnLabel(period);
        }

        return frame.Png();
    }

    /// <summary>
    /// Long form when the hint names the axes: either x = periods across, y = cohorts down, series = the value
    /// (retention_cohorts), or x = cohorts, series = periods, y = the value. Otherwise wide form (cohort, p0, p1, …).
    /// </summary>
    private static SeriesTable? Table(ChartColumns columns)
    {
        var hint = columns.Result.Chart;
        int Index(string? name) => name is null ? -1 : columns.Result.IndexOf(name);
        var (x, y, series) = (Index(hint.X), Index(hint.Y), Index(hint.Series));
        int rows, cols, value;
        if (x >= 0 && y >= 0 && series >= 0 && columns.Column(y).Role == ColumnRole.Dimension && columns.Column(series).Role != ColumnRole.Dimension)
        {
            (rows, cols, value) = (y, x, series);
        }
        else if (x >= 0 && series >= 0)
        {
            (rows, cols) = (x, series);
            value = y >= 0 && y != series ? y : columns.Numbers.FirstOrDefault(i => i != series, -1);
        }
        else
        {
            return SeriesTable.From(columns);
        }

        if (value < 0)
        {
            return null;
        }

        var data = columns.Result.Rows;
        var categories = data.Select(r => columns.Label(r, rows)).Distinct().ToList();
        var periods = data.Select(r => r[cols]).Distinct().OrderBy(p => ChartColumns.ToDouble(p) is var d && double.IsFinite(d) ? d : double.MaxValue)
            .Select(p => columns.LabelOf(p, columns.Column(cols))).Distinct().ToList();
        var values = new double[categories.Count, periods.Count];
        for (var r = 0; r < categories.Count; r++)
        {
            for (var c = 0; c < periods.Count; c++)
            {
                values[r, c] = double.NaN;
            }
        }

        foreach (var row in data)
        {
            values[categories.IndexOf(columns.Label(row, rows)), periods.IndexOf(columns.Label(row, cols))] = columns.Number(row, value);
        }

        return new SeriesTable(categories, periods, values, value) { ColumnAxis = cols };
    }
}
