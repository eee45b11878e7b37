using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Store.Dictionary;
using ScottPlot;

namespace JourneyAssistant.Charts.Renderers;

/// <summary>Top paths: one bar per journey path (e.g. ad → product_page → payment), steps translated, path written above its bar.</summary>
public sealed class PathsRenderer : IChartRenderer
{
    private const int MaxPaths = 8;
    private static readonly string[] _separators = [" > ", ">", "→", "->", "|", ","];

    public string Kind => ChartKinds.Paths;

    public IReadOnlyList<string> Aliases => ["top_paths", "path"];

    public bool CanRender(ChartRequest request)
    {
        return new ChartColumns(request).HasXAndY;
    }

    public byte[] Render(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var items = columns.Ranked(MaxPaths, row => Translate(columns, row[columns.X]));

        using var frame = new ChartFrame(request);
        if (items.Count == 0)
        {
            frame.Empty();
            return frame.Png();
        }

        var max = items.Max(i => i.Value);
        var bars = new List<Bar>();
        for (var i = 0; i < items.Count; i++)
        {
            var y = items.Count - 1 - i;
            bars.Add(new Bar
            {
                Position = y - 0.12,
                Value = items[i].Value,
                FillColor = i == 0 ? ChartPalette.Primary : ChartPalette.Primary.WithAlpha(0.65),
                LineWidth = 0,
                Size = 0.42,
                Orientation = Orientation.Horizontal,
            });
            frame.Text($"{i + 1}. {items[i].Label}", 0, y + 0.12, Alignment.LowerLeft, ChartPalette.Text, size: 13, bold: i == 0);
            frame.Text(columns.Format(items[i].Value, columns.Y), items[i].Value, y - 0.12, Alignment.MiddleLeft).OffsetX = 6;
        }

        var plot = frame.Plot.Add.Bars(bars);
        plot.Horizontal = true;
        frame.Plot.Axes.SetLimits(-max * 0.01, max * 1.25, -0.5, items.Count - 0.3);
        frame.Plot.Axes.Left.IsVisible = false;
        frame.Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        frame.Plot.Grid.YAxisStyle.IsVisible = false;
        frame.Plot.Axes.Bottom.Label.Text = columns.ColumnLabel(columns.Y);
        return frame.Png();
    }

    /// <summary>Splits a path into steps and shows each step's dictionary label (touchpoint, else channel, else stage).</summary>
    private static string Translate(ChartColumns columns, object? value)
    {
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        var separator = _separators.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal));
        var steps = separator is null ? [text] : text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kind = columns.Column(columns.X).Dictionary;
        return string.Join(" → ", steps.Select(step => TranslateStep(columns, kind, step)));
    }

    private static string TranslateStep(ChartColumns columns, string? kind, string step)
    {
        foreach (var candidate in kind is null ? [DictionaryKind.Touchpoint, DictionaryKind.Channel, DictionaryKind.Stage, DictionaryKind.Event] : new[] { kind })
        {
            var label = columns.Translate(candidate, step);
            if (label != step)
            {
                return label;
            }
        }

        return step;
    }
}
