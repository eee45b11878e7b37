using System.Globalization;
using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Store.Localization;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Line trend over local dates or ISO weeks, with week-over-week markers (▲ green / ▼ red) and the latest change labelled.</summary>
public sealed class LineRenderer : IChartRenderer
{
    public string Kind => ChartKinds.Line;

    public IReadOnlyList<string> Aliases => ["trend", "line_trend", "timeseries"];

    public bool CanRender(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        return columns.X >= 0 && columns.Y >= 0;
    }

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var zh = request.Language == Language.Zh;
        var rows = request.Result.Rows.OrderBy(r => SortKey(r[columns.X])).ToList();
        var keys = rows.Select(r => r[columns.X]).Distinct().OrderBy(SortKey).ToList();
        var seriesColumn = columns.Series;
        var seriesNames = seriesColumn >= 0 ? rows.Select(r => columns.Label(r, seriesColumn)).Distinct().ToList() : [string.Empty];
        var weekly = IsWeekly(keys);

        using var frame = new ChartFrame(request);
        if (keys.Count == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        var max = double.MinValue;
        var min = double.MaxValue;
        for (var s = 0; s < seriesNames.Count; s++)
        {
            var values = keys.Select(k => rows
                    .Where(r => Equals(r[columns.X], k) && (seriesColumn < 0 || columns.Label(r, seriesColumn) == seriesNames[s]))
                    .Select(r => columns.Number(r, columns.Y))
                    .Where(double.IsFinite)
                    .DefaultIfEmpty(double.NaN)
                    .Sum())
                .ToArray();
            var xs = Enumerable.Range(0, keys.Count).Select(i => (double)i).Where(i => double.IsFinite(values[(int)i])).ToArray();
            var ys = xs.Select(x => values[(int)x]).ToArray();
            if (ys.Length == 0)
            {
                continue;
            }

            max = Math.Max(max, ys.Max());
            min = Math.Min(min, ys.Min());
            var line = frame.Plot.Add.Scatter(xs, ys, ChartPalette.Series(s));
            line.LineWidth = 2.5f;
            line.MarkerSize = weekly ? 7 : 4;
            if (seriesColumn >= 0)
            {
                line.LegendText = seriesNames[s];
            }

            if (seriesNames.Count <= 2)
            {
                AddWeekOverWeek(frame, columns, keys, values, weekly, zh);
            }
        }

        if (!weekly)
        {
            // Week boundaries so a daily line can be read week against week.
            for (var i = 0; i < keys.Count; i++)
            {
                if (AsDate(keys[i]) is { DayOfWeek: DayOfWeek.Monday } && i > 0)
                {
                    frame.Plot.Add.VerticalLine(i - 0.5, 1, ChartPalette.Grid, LinePattern.Dashed);
                }
            }
        }

        var step = Math.Max(1, (int)Math.Ceiling(keys.Count / 12.0));
        // Always label the latest point, dropping the regular tick just before it when the two would overlap.
        var ticks = Enumerable.Range(0, keys.Count)
            .Where(i => i == keys.Count - 1 || (i % step == 0 && keys.Count - 1 - i >= Math.Max(1, step * 0.6)))
            .ToArray();
        frame.Plot.Axes.Bottom.SetTicks(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => TickLabel(keys[i], columns)).ToArray());
        var span = Math.Max(max - min, Math.Abs(max) * 0.1 + 1e-9);
        frame.Plot.Axes.SetLimits(-0.5, keys.Count - 0.5 + (keys.Count * 0.08), Math.Max(0, min - (span * 0.25)), max + (span * 0.3));
        frame.Plot.Axes.Left.Label.Text = columns.ColumnLabel(columns.Y);
        ChartFrame.ValueTicks(frame.Plot.Axes.Left, columns.Column(columns.Y));
        frame.Plot.Axes.Bottom.Label.Text = columns.ColumnLabel(columns.X);
        if (seriesColumn >= 0)
        {
            frame.Plot.ShowLegend(Edge.Right);
        }

        return frame.Png();
    }

    private static void AddWeekOverWeek(ChartFrame frame, ChartColumns columns, IReadOnlyList<object?> keys, double[] values, bool weekly, bool zh)
    {
        var lag = weekly ? 1 : 7;
        for (var i = lag; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || !double.IsFinite(values[i - lag]) || values[i - lag] == 0)
            {
                continue;
            }

            var change = (values[i] / values[i - lag]) - 1;
            var last = i == values.Length - 1;
            if (weekly || last)
            {
                var up = change >= 0;
                frame.Plot.Add.Marker(i, values[i], up ? MarkerShape.FilledTriangleUp : MarkerShape.FilledTriangleDown, weekly ? 13 : 15,
                    up ? ChartPalette.Positive : ChartPalette.Negative);
            }

            if (last || (weekly && values.Length <= 12))
            {
                var text = (last ? (zh ? "周环比 " : "WoW ") : string.Empty) + ValueFormat.Change(change);
                frame.Text(text, i, values[i], Alignment.LowerCenter, change >= 0 ? ChartPalette.Positive : ChartPalette.Negative,
                    size: last ? 14 : 11, bold: last).OffsetY = -12;
            }
        }
    }

    private static bool IsWeekly(IReadOnlyList<object?> keys)
    {
        if (keys.Count > 0 && keys[0] is string s && s.Contains("-W", StringComparison.Ordinal))
        {
            return true;
        }

        var dates = keys.Select(AsDate).ToList();
        return dates.Count > 1 && dates.All(d => d is not null)
               && dates.Zip(dates.Skip(1)).All(p => p.Second!.Value.DayNumber - p.First!.Value.DayNumber == 7);
    }

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        DateTimeOffset o => DateOnly.FromDateTime(o.DateTime),
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => parsed,
        _ => null,
    };

    private static string TickLabel(object? key, ChartColumns columns) =>
        AsDate(key) is { } date ? date.ToString("MM-dd", CultureInfo.InvariantCulture) : columns.LabelOf(key, columns.Column(columns.X));

    private static string SortKey(object? value) => AsDate(value) is { } date
        ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
