using JourneyAssistant.Charts.Fonts;
using ScottPlot;
using SkiaSharp;

namespace JourneyAssistant.Charts.Rendering;

/// <summary>A ScottPlot plot dressed in the house style: embedded font everywhere, title, light grid, white background.</summary>
public sealed class ChartFrame : IDisposable
{
    public const float TitleSize = 22;
    public const float TickSize = 14;
    public const float ValueSize = 13;

    private readonly ChartRequest _request;

    public ChartFrame(ChartRequest request, string? subtitle = null)
    {
        ChartFonts.EnsureRegistered();
        _request = request;
        Plot = new Plot();
        Plot.Font.Set(ChartFonts.Family);
        Plot.FigureBackground.Color = ChartPalette.Background;
        Plot.DataBackground.Color = ChartPalette.Background;
        Plot.Grid.MajorLineColor = ChartPalette.Grid;
        Plot.Axes.Color(ChartPalette.SubtleText);
        Plot.Axes.FrameColor(ChartPalette.Grid);

        var title = string.IsNullOrWhiteSpace(subtitle) ? request.EffectiveTitle : request.EffectiveTitle + "\n" + subtitle;
        Plot.Title(title, TitleSize);
        Plot.Axes.Title.Label.ForeColor = ChartPalette.Text;
        Plot.Axes.Title.Label.Bold = true;
        foreach (var axis in Plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TickSize;
            axis.TickLabelStyle.ForeColor = ChartPalette.Text;
            axis.Label.FontSize = TickSize + 1;
            axis.Label.ForeColor = ChartPalette.SubtleText;
        }

        Plot.Legend.FontName = ChartFonts.Family;
        Plot.Legend.FontSize = TickSize;
    }

    public Plot Plot { get; }

    /// <summary>Adds a text label in data coordinates.</summary>
    public ScottPlot.Plottables.Text Text(string text, double x, double y, Alignment alignment, Color? color = null, float size = ValueSize, bool bold = false)
    {
        var label = Plot.Add.Text(text, x, y);
        label.LabelFontName = ChartFonts.Family;
        label.LabelFontSize = size;
        label.LabelFontColor = color ?? ChartPalette.Text;
        label.LabelBold = bold;
        label.LabelAlignment = alignment;
        return label;
    }

    /// <summary>Adds a note in a corner of the data area (e.g. the largest drop).</summary>
    public void Note(string text, Alignment alignment, Color color)
    {
        var note = Plot.Add.Annotation(text, alignment);
        note.LabelFontName = ChartFonts.Family;
        note.LabelFontSize = TickSize;
        note.LabelFontColor = color;
        note.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
        note.LabelBorderColor = color;
        note.LabelShadowColor = Colors.Transparent;
    }

    /// <summary>Category labels on the left axis at the given positions (horizontal bar charts).</summary>
    public void LeftCategories(double[] positions, string[] labels)
    {
        Plot.Axes.Left.SetTicks(positions, labels);
        Plot.Axes.Left.MajorTickStyle.Length = 0;
        Plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
    }

    /// <summary>Category labels on the bottom axis at the given positions (vertical bar and line charts).</summary>
    public void BottomCategories(double[] positions, string[] labels)
    {
        Plot.Axes.Bottom.SetTicks(positions, labels);
        Plot.Axes.Bottom.MajorTickStyle.Length = 0;
        // Rotate only when the labels would not fit side by side (CJK characters are about twice as wide).
        var width = labels.Sum(l => l.Sum(c => c > 0x2E80 ? 2 : 1) + 3) * 7.5;
        if (width > _request.Width * 0.8)
        {
            Plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
            Plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }
    }

    /// <summary>Formats the value axis' tick labels by the plotted column's role (68% rather than 0.68, ¥ for money).</summary>
    public static void ValueTicks(IAxis axis, Skills.Results.ResultColumn column)
    {
        Func<double, string>? formatter = column.Role switch
        {
            Skills.Results.ColumnRole.Percent => v => (v * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%",
            Skills.Results.ColumnRole.Currency => v => (column.Unit ?? Store.Localization.Currency.Default.Symbol) + v.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        if (formatter is not null)
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = formatter };
        }
    }

    /// <summary>A message in the middle of an otherwise empty chart.</summary>
    public void Empty()
    {
        Plot.HideGrid();
        Plot.Axes.Frameless();
        Note(_request.Language == Store.Localization.Language.Zh ? "所选范围内没有数据" : "No data in the selected range", Alignment.MiddleCenter, ChartPalette.SubtleText);
    }

    /// <summary>
    /// The PNG. Encoded here rather than by ScottPlot: its default (all filters, zlib 6) spends ~5× the render time
    /// compressing; the Up filter at level 1 is several times faster and still far below 200 KB for flat-colour charts.
    /// </summary>
    public byte[] Png()
    {
        using var surface = SKSurface.Create(new SKImageInfo(_request.Width, _request.Height))
            ?? throw new InvalidOperationException($"Could not create a {_request.Width}×{_request.Height} drawing surface.");
        Plot.Render(surface.Canvas, _request.Width, _request.Height);
        using var pixels = surface.PeekPixels();
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))
            ?? throw new InvalidOperationException("PNG encoding failed.");
        return data.ToArray();
    }

    public void Dispose() => Plot.Dispose();
}
