using System.Globalization;
using DuckDB.NET.Data;
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

    /// <summary>The dictionary's name lookups for a file (aliases of the store plus the mapping's), as SQL expressions.</summary>
    public static async Task<NameLookups> LoadAsync(DuckDBConnection connection, JourneyDictionary dictionary, SourceMapping mapping, CancellationToken ct)
    {
        await CreateAliasMapAsync(connection, dictionary, mapping, ct);
        var rows = await connection.QueryAsync("""
            SELECT a.kind, a.alias, a.id, de.stage, de.touchpoint, coalesce(de.is_conversion, false), es."order", et."order", dc.kind, ds."order", dt."order", dt.stage
            FROM stg_alias a
            LEFT JOIN dict_events de ON a.kind = 'event' AND de.id = a.id
            LEFT JOIN dict_stages es ON es.id = de.stage LEFT JOIN dict_touchpoints et ON et.id = de.touchpoint
            LEFT JOIN dict_channels dc ON a.kind = 'channel' AND dc.id = a.id
            LEFT JOIN dict_stages ds ON a.kind = 'stage' AND ds.id = a.id
            LEFT JOIN dict_touchpoints dt ON a.kind = 'touchpoint' AND dt.id = a.id
            ORDER BY a.kind, a.alias
            """, ct);
        return new NameLookups(rows);
    }

    /// <summary>stg_alias: every alias of the store and of the mapping, to its canonical id (ja_norm normalizes a raw name).</summary>
    private static async Task CreateAliasMapAsync(DuckDBConnection connection, JourneyDictionary dictionary, SourceMapping mapping, CancellationToken ct)
    {
        var (from, to) = JourneyDictionary.WidthFolding();
        await connection.ExecuteAsync(
            $"CREATE OR REPLACE TEMP MACRO ja_norm(x) AS lower(trim(translate(x, {QuoteLiteral(from)}, {QuoteLiteral(to)})))", ct);

        var rows = new List<string>();
        void Add(string kind, Dictionary<string, string> aliases)
        {
            foreach (var (alias, target) in aliases)
            {
                // A mapping alias may point at a canonical id or at a dictionary alias; resolve it to the id here.
                var id = dictionary.Resolve(kind, target)?.Id ?? target;
                rows.Add($"({QuoteLiteral(kind)}, {QuoteLiteral(JourneyDictionary.Normalize(alias))}, {QuoteLiteral(id)}, 1)");
            }
        }

        Add(DictionaryKind.Event, mapping.EventAliases);
        Add(DictionaryKind.Channel, mapping.ChannelAliases);
        Add(DictionaryKind.Touchpoint, mapping.TouchpointAliases);
        Add(DictionaryKind.Stage, mapping.StageAliases);
        var mappingRows = rows.Count == 0 ? "" : $"UNION ALL SELECT * FROM (VALUES {string.Join(", ", rows)}) m(kind, alias, id, priority)";
        await connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_alias AS
            SELECT kind, alias, arg_min(id, priority) AS id FROM (
                SELECT kind, alias, id, CASE WHEN alias = id THEN 3 ELSE 2 END AS priority FROM dict_aliases
                {mappingRows})
            GROUP BY kind, alias
            """, ct);
    }

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

    /// <summary>The dictionary's columns of a staged row, these lookups and <paramref name="customs"/> (the file's custom names) together, (table alias <paramref name="row"/>) from its alias positions:
    /// event, stage, channel, touchpoint, then channel_kind, touchpoint_order, stage_order, is_conversion, so the insert joins nothing per row.</summary>
    public string DictionaryColumnsSql(NameLookups customs, string row)
    {
        // A custom name's attributes come from the custom lookups over its missed name; a file without misses gets the
        // same SQL as before custom names existed.
        string Either(string kind, string attribute, string code, string miss) => customs.IsEmpty
            ? Attribute(kind, attribute, code)
            : $"coalesce({Attribute(kind, attribute, code)}, {customs.Attribute(kind, attribute, customs.Code(kind, miss))})";
        string Event(string attribute) => Either(DictionaryKind.Event, attribute, $"{row}.ev_code", $"{row}.ev_miss");
        string Stage(string attribute) => Attribute(DictionaryKind.Stage, attribute, $"{row}.st_code");
        string Channel(string attribute) => Either(DictionaryKind.Channel, attribute, $"{row}.ch_code", $"{row}.ch_miss");
        string Touchpoint(string attribute) => Either(DictionaryKind.Touchpoint, attribute, $"{row}.tp_code", $"{row}.tp_miss");
        var hasTouchpoint = customs.IsEmpty ? $"{row}.tp_code IS NOT NULL" : $"({row}.tp_code IS NOT NULL OR {row}.tp_miss IS NOT NULL)";
        var stage = customs.IsEmpty
            ? $"coalesce({Stage("id")}, {Event("default_stage")})"
            : $"coalesce({Stage("id")}, {Event("default_stage")}, {Touchpoint("stage")}, {QuoteLiteral(CustomNames.UnknownStage)})";
        return $"""
            {Event("id")}, {stage}, {Channel("id")},
            coalesce({Touchpoint("id")}, {Event("default_touchpoint")}),
            {Channel("kind")},
            CASE WHEN {hasTouchpoint} THEN {Touchpoint("order")} ELSE {Event("default_touchpoint_order")} END,
            CASE WHEN {row}.st_code IS NOT NULL THEN {Stage("order")} ELSE {Event("default_stage_order")} END,
            coalesce({Event("is_conversion")}, false)
            """;
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
