using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Results;

/// <summary>How a result column is to be read, formatted and charted.</summary>
public enum ColumnRole
{
    Dimension,
    Measure,
    Count,
    Percent,
    Currency,
    Duration,
}

/// <summary>A column of a skill result: name, role, label, and the dictionary (channel/touchpoint/stage/event) its values come from, if any.</summary>
public sealed record ResultColumn(string Name, ColumnRole Role, LocalizedText Label, string? Dictionary = null, string? Unit = null);

/// <summary>The chart a skill asks for: a kind (funnel, bar, line, stacked, heatmap, table, …) and which columns to plot.</summary>
public sealed record ChartHint(string Kind, string? X = null, string? Y = null, string? Series = null);

/// <summary>The typed outcome of running a vetted query: what ran, with which parameters, and what came back.</summary>
public sealed record SkillResult(
    string SkillId,
    int SkillVersion,
    LocalizedText Title,
    ChartHint Chart,
    IReadOnlyList<ResultColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    string Sql,
    IReadOnlyDictionary<string, object?> Parameters,
    TimeSpan Duration,
    bool Truncated)
{
    /// <summary>The audit record of the execution that produced this result (the reference users quote); null before auditing.</summary>
    public string? AuditId { get; init; }

    /// <summary>
    /// True when the result supports no finding: no rows, or rows whose every count is zero (a funnel of steps nobody
    /// reached). Such a result is answered with the skill's "empty" text, never narrated as "0 people, — lost".
    /// </summary>
    public bool HasNoEvidence
    {
        get
        {
            if (Rows.Count == 0)
            {
                return true;
            }

            var counts = Columns.Select((c, i) => (c, i)).Where(x => x.c.Role == ColumnRole.Count).Select(x => x.i).ToList();
            return counts.Count > 0 && Rows.All(r => counts.All(i => r[i] is null or DBNull || IsZero(r[i]!)));
        }
    }

    private static bool IsZero(object value) => value switch
    {
        IConvertible c when value is not string => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture) == 0,
        System.Numerics.BigInteger b => b.IsZero,
        _ => false,
    };

    /// <summary>Index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
