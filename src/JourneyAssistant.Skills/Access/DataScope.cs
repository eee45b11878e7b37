using System.Text.RegularExpressions;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Access;

/// <summary>A row filter: only rows whose <see cref="Column"/> is one of <see cref="Values"/> (e.g. region in (华东)).</summary>
public sealed partial record RowFilter(string Column, IReadOnlyList<string> Values)
{
    /// <summary>Columns a filter may name: the ones the analysis views carry for access control.</summary>
    public static readonly IReadOnlyList<string> Columns = ["region", "channel"];

    public override string ToString() => $"{Column} in ({string.Join(", ", Values)})";

    internal static bool IsValidColumn(string column) => Columns.Contains(column) && IdentifierPattern().IsMatch(column);

    [GeneratedRegex("^[a-z_]+$")]
    private static partial Regex IdentifierPattern();
}

/// <summary>
/// Which rows a user may see. The executor enforces it on every execution (skills, ad-hoc and generated SQL):
/// <see cref="All"/> sees everything, <see cref="None"/> may run nothing, otherwise every filter must hold.
/// </summary>
public sealed record DataScope
{
    private DataScope(bool denied, IReadOnlyList<RowFilter> filters)
    {
        IsDenied = denied;
        Filters = filters;
    }

    /// <summary>No restriction.</summary>
    public static DataScope All { get; } = new(false, []);

    /// <summary>No data access at all.</summary>
    public static DataScope None { get; } = new(true, []);

    /// <summary>Rows matching every filter; filters on the same column are merged (their values intersect).</summary>
    public static DataScope Restricted(IEnumerable<RowFilter> filters)
    {
        var merged = new List<RowFilter>();
        foreach (var group in filters.GroupBy(f => f.Column.Trim().ToLowerInvariant()))
        {
            if (!RowFilter.IsValidColumn(group.Key))
            {
                throw new ArgumentException($"A data scope may filter only on {string.Join(", ", RowFilter.Columns)}, not '{group.Key}'.");
            }

            var values = group.Select(f => f.Values.Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal))
                .Aggregate((a, b) => { a.IntersectWith(b); return a; });
            merged.Add(new RowFilter(group.Key, [.. values.Order(StringComparer.Ordinal)]));
        }

        return merged.Count == 0 ? All : new DataScope(false, [.. merged.OrderBy(f => f.Column, StringComparer.Ordinal)]);
    }

    public bool IsDenied { get; }

    public IReadOnlyList<RowFilter> Filters { get; }

    /// <summary>True when some rows are hidden from this scope.</summary>
    public bool IsRestricted => IsDenied || Filters.Count > 0;

    /// <summary>How the audit log and answers state the scope.</summary>
    public string Describe() => IsDenied ? "none" : Filters.Count == 0 ? "all" : string.Join("; ", Filters);

    /// <summary>A sentence for answers saying which filter applied.</summary>
    public LocalizedText Note() => IsDenied
        ? new LocalizedText("你没有数据访问权限。", "You have no data access.")
        : new LocalizedText($"已按你的数据权限筛选：{string.Join("；", Filters)}。", $"Filtered to your data access: {string.Join("; ", Filters)}.");

    public override string ToString() => Describe();
}
