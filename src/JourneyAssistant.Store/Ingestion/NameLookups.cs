using System.Globalization;
using JourneyAssistant.Store.Dictionary;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// The dictionary's names for one file (normalized alias → canonical id and the attributes derived from it) as join-free SQL:
/// an ENUM cast finds an alias's position by hash, list literals hold the attributes by position.
/// </summary>
/// <remarks>
/// Validation reads the CSV file directly and takes line numbers from the order rows are written in; a hash join there would
/// not keep that order, these expressions do. They also need no pass over the data to collect its distinct names first.
/// </remarks>
internal sealed class NameLookups
{
    // Column of the lookup query holding each attribute, per kind, and its SQL type.
    private static readonly Dictionary<string, Dictionary<string, (int Column, string Type)>> _attributes = new()
    {
        [DictionaryKind.Event] = new()
        {
            ["id"] = (2, "VARCHAR"), ["default_stage"] = (3, "VARCHAR"), ["default_touchpoint"] = (4, "VARCHAR"),
            ["is_conversion"] = (5, "BOOLEAN"), ["default_stage_order"] = (6, "INTEGER"), ["default_touchpoint_order"] = (7, "INTEGER"),
        },
        [DictionaryKind.Channel] = new() { ["id"] = (2, "VARCHAR"), ["kind"] = (8, "VARCHAR") },
        [DictionaryKind.Stage] = new() { ["id"] = (2, "VARCHAR"), ["order"] = (9, "INTEGER") },
        [DictionaryKind.Touchpoint] = new() { ["id"] = (2, "VARCHAR"), ["order"] = (10, "INTEGER"), ["stage"] = (11, "VARCHAR") },
    };

    private readonly Dictionary<string, List<object?[]>> _rows;

    /// <param name="rows">(kind, normalized alias, id, event stage, event touchpoint, is_conversion, event stage order,
    /// event touchpoint order, channel kind, stage order, touchpoint order, touchpoint stage), one row per distinct (kind, alias).</param>
    public NameLookups(IEnumerable<object?[]> rows) =>
        _rows = rows.GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>True when no kind has a name (custom lookups of a file whose names are all known).</summary>
    public bool IsEmpty => _rows.Count == 0;

    /// <summary>The 0-based position of <paramref name="rawSql"/>'s alias within its kind, NULL when the name is unknown.</summary>
    public string Code(string kind, string rawSql)
    {
        if (!_rows.TryGetValue(kind, out var rows) || rows.Count == 0)
        {
            return "NULL::INTEGER";
        }

        var type = $"ENUM({string.Join(", ", rows.Select(r => QuoteLiteral((string)r[1]!)))})";
        // Stored values are mostly normalized already; the normalizer (a translate over the full-width range) runs only on misses.
        return $"CAST(coalesce(enum_code(try_cast({rawSql} AS {type})), " +
               $"CASE WHEN {rawSql} IS NOT NULL THEN enum_code(try_cast(ja_norm({rawSql}) AS {type})) END) AS INTEGER)";
    }

    /// <summary>An attribute of the alias at position <paramref name="codeSql"/> (NULL for a NULL position).</summary>
    public string Attribute(string kind, string attribute, string codeSql)
    {
        var (column, type) = _attributes[kind][attribute];
        if (!_rows.TryGetValue(kind, out var rows) || rows.Count == 0)
        {
            return $"NULL::{type}";
        }

        var values = string.Join(", ", rows.Select(r => Literal(r[column])));
        return $"CAST([{values}] AS {type}[])[{codeSql} + 1]";
    }

    private static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => QuoteLiteral(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => QuoteLiteral(value.ToString()),
    };
}
