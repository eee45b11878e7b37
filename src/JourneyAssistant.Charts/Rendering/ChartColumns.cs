using System.Globalization;
using System.Numerics;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts.Rendering;

/// <summary>Reads a skill result for charting: which columns play which part, values as numbers, labels in the reader's language.</summary>
public sealed class ChartColumns
{
    private readonly ChartRequest _request;

    public ChartColumns(ChartRequest request) => _request = request;

    public SkillResult Result => _request.Result;

    public Language Language => _request.Language;

    /// <summary>Dimension columns (role dimension), in result order.</summary>
    public IReadOnlyList<int> Dimensions => Indexes(c => c.Role == ColumnRole.Dimension);

    /// <summary>Numeric columns (every role but dimension), in result order.</summary>
    public IReadOnlyList<int> Numbers => Indexes(c => c.Role != ColumnRole.Dimension);

    /// <summary>The hinted column if it exists, else the first column matching <paramref name="fallback"/>; -1 when none.</summary>
    public int Pick(string? hinted, IReadOnlyList<int> fallback, int skip = -1)
    {
        if (hinted is not null)
        {
            var index = Result.IndexOf(hinted);
            if (index >= 0)
            {
                return index;
            }
        }

        return fallback.FirstOrDefault(i => i != skip, -1);
    }

    /// <summary>The dimension on the category axis: hint <c>x</c>, else the first dimension.</summary>
    public int X => Pick(Result.Chart.X, Dimensions);

    /// <summary>The plotted number: hint <c>y</c>, else the first numeric column.</summary>
    public int Y => Pick(Result.Chart.Y, Numbers);

    /// <summary>The series dimension: hint <c>series</c>, else the second dimension.</summary>
    public int Series => Pick(Result.Chart.Series, Dimensions, skip: X);

    /// <summary>True when the result has a dimension to label by and a number to plot.</summary>
    public bool HasXAndY => X >= 0 && Y >= 0;

    /// <summary>Rows as (label, value) along X and Y, finite values only, largest first: what every ranking chart plots.</summary>
    public List<(string Label, double Value)> Ranked(int max, Func<object?[], string>? label = null) =>
        Result.Rows
            .Select(row => (Label: label is null ? Label(row, X) : label(row), Value: Number(row, Y)))
            .Where(i => double.IsFinite(i.Value))
            .OrderByDescending(i => i.Value)
            .Take(max)
            .ToList();

    public ResultColumn Column(int index) => Result.Columns[index];

    public string ColumnLabel(int index) => Result.Columns[index].Label[Language];

    /// <summary>The value as a double; NaN for null or non-numeric.</summary>
    public double Number(object?[] row, int index) => ToDouble(index < 0 ? null : row[index]);

    /// <summary>A category value as the reader sees it: dictionary label, local date, or text.</summary>
    public string Label(object?[] row, int index) => LabelOf(index < 0 ? null : row[index], index < 0 ? null : Result.Columns[index]);

    /// <summary>A raw value formatted for display by its column's role.</summary>
    public string Format(double value, int index) => ValueFormat.Format(value, Result.Columns[index], Language);

    public string LabelOf(object? value, ResultColumn? column)
    {
        switch (value)
        {
            case null:
                return Language == Language.Zh ? "（空）" : "(none)";
            case DateOnly date:
                return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case DateTime dateTime:
                return dateTime.TimeOfDay == TimeSpan.Zero
                    ? dateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : dateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            case DateTimeOffset offset:
                return offset.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        return column?.Dictionary is { } kind ? Translate(kind, text) : text;
    }

    /// <summary>The dictionary label of <paramref name="id"/>; the id itself when there is no dictionary or no such entry.</summary>
    public string Translate(string kind, string id) => _request.Dictionary?.Label(kind, id, Language) ?? id;

    public static double ToDouble(object? value) => value switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        decimal m => (double)m,
        BigInteger b => (double)b,
        bool b => b ? 1 : 0,
        IConvertible c when value is not string => c.ToDouble(CultureInfo.InvariantCulture),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => double.NaN,
    };

    private IReadOnlyList<int> Indexes(Func<ResultColumn, bool> predicate) =>
        Enumerable.Range(0, Result.Columns.Count).Where(i => predicate(Result.Columns[i])).ToList();
}
