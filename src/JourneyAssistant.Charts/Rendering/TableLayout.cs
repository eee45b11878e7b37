using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using SkiaSharp;

namespace JourneyAssistant.Charts.Rendering;

/// <summary>One column of a table image: which result column, its header, its cells, and the pixels its longest text needs.</summary>
public sealed record TableLayoutColumn(int Index, string Header, IReadOnlyList<string> Cells, bool Numeric, float Width);

/// <summary>
/// What a table image shows, decided before drawing so that it is legible when shown in a chat card (about two thirds
/// of its pixel size): text never below <see cref="FontSize"/>, every text fitting its column (columns that do not fit
/// are left out, and a dimension label too long for the image is shortened at a word boundary with "…", never broken
/// mid-word), and people's labels instead of raw ids (a <c>kpi</c> column is replaced by its <c>kpi_zh</c> /
/// <c>kpi_en</c> twin in the reader's language).
/// </summary>
public sealed class TableLayout
{
    /// <summary>Smallest text size in image pixels (about 12 px once the card scales the image down).</summary>
    public const float FontSize = 18;

    /// <summary>Horizontal padding inside a column, both sides together.</summary>
    public const float Padding = 24;

    private const int MaxRows = 12;
    private const int MaxColumns = 6;
    private const int MaxLabelChars = 28;

    private TableLayout(IReadOnlyList<TableLayoutColumn> columns, int rows, int hiddenRows, float available)
    {
        Columns = columns;
        Rows = rows;
        HiddenRows = hiddenRows;
        Available = available;
    }

    public IReadOnlyList<TableLayoutColumn> Columns { get; }

    public int Rows { get; }

    public int HiddenRows { get; }

    /// <summary>Pixels the columns may use together (the image width less the plot's margins).</summary>
    public float Available { get; }

    public static TableLayout For(ChartRequest request)
    {
        var columns = new ChartColumns(request);
        var rows = request.Result.Rows.Take(MaxRows).ToList();
        var available = request.Width - 80f;
        using var font = new SKFont(Fonts.ChartFonts.Typeface, FontSize);

        var shown = new List<TableLayoutColumn>();
        foreach (var index in Readable(request.Result.Columns, request.Language).Take(MaxColumns))
        {
            var column = columns.Column(index);
            var numeric = column.Role != ColumnRole.Dimension;
            var cells = rows.Select(r => numeric ? columns.Format(columns.Number(r, index), index) : Shorten(columns.Label(r, index), MaxLabelChars)).ToList();
            var header = columns.ColumnLabel(index);
            shown.Add(new TableLayoutColumn(index, header, cells, numeric, Needed(font, cells.Prepend(header))));
        }

        // Leave out the last columns until the rest fit; the first two (what and how much) always stay.
        while (shown.Count > 2 && shown.Sum(c => c.Width) > available)
        {
            shown.RemoveAt(shown.Count - 1);
        }

        // Still too wide: shorten the widest dimension column's labels at word boundaries to the room left.
        if (shown.Sum(c => c.Width) > available && shown.Where(c => !c.Numeric).MaxBy(c => c.Width) is { } widest)
        {
            var room = available - shown.Where(c => c != widest).Sum(c => c.Width) - Padding;
            var cells = widest.Cells.Select(t => Fit(font, t, room)).ToList();
            var header = Fit(font, widest.Header, room);
            shown[shown.IndexOf(widest)] = widest with { Cells = cells, Header = header, Width = Needed(font, cells.Prepend(header)) };
        }

        return new TableLayout(shown, rows.Count, request.Result.Rows.Count - rows.Count, available);
    }

    /// <summary>Pixel width of <paramref name="text"/> at the table's font size, bold or not.</summary>
    public static float Measure(string text, bool bold = false)
    {
        using var font = new SKFont(Fonts.ChartFonts.Typeface, FontSize) { Embolden = bold };
        return font.MeasureText(text);
    }

    /// <summary>The result columns worth showing: a raw-id column whose label twin in the reader's language exists gives way to it, and the other language's twin is left out.</summary>
    private static IEnumerable<int> Readable(IReadOnlyList<ResultColumn> columns, Language language)
    {
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var own = "_" + language.Code();
        var other = "_" + (language == Language.Zh ? Language.En : Language.Zh).Code();
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i].Name;
            var isOtherTwin = name.EndsWith(other, StringComparison.Ordinal) && names.Contains(name[..^other.Length]);
            var hasOwnTwin = names.Contains(name + own);
            if (!isOtherTwin && !hasOwnTwin)
            {
                yield return i;
            }
        }
    }

    private static float Needed(SKFont font, IEnumerable<string> texts)
    {
        using var bold = new SKFont(font.Typeface, font.Size) { Embolden = true };
        return texts.Select((t, i) => (i == 0 ? bold : font).MeasureText(t)).DefaultIfEmpty(0).Max() + Padding;
    }

    private static string Shorten(string text, int maxChars) =>
        text.Length <= maxChars ? text : Cut(text, i => i <= maxChars - 1);

    private static string Fit(SKFont font, string text, float room) =>
        font.MeasureText(text) <= room ? text : Cut(text, i => font.MeasureText(text[..i] + "…") <= room);

    /// <summary>The longest prefix ending at a word boundary (a space, or between CJK characters) that <paramref name="fits"/>, plus "…".</summary>
    private static string Cut(string text, Func<int, bool> fits)
    {
        var best = 0;
        for (var i = 1; i < text.Length; i++)
        {
            var boundary = text[i] == ' ' || text[i - 1] == ' ' || (IsCjk(text[i]) && IsCjk(text[i - 1])) || char.IsPunctuation(text[i - 1]) && text[i - 1] != '_';
            if (boundary && fits(i))
            {
                best = i;
            }
        }

        return best == 0 ? "…" : text[..best].TrimEnd() + "…";
    }

    private static bool IsCjk(char c) => c >= 0x2E80;
}
