using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Schema;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>A name of a file that matched no id or alias, kept as a custom entry (docs/DICTIONARY.md).</summary>
internal sealed record CustomName(string Kind, string Id, string Name, string Normalized, string? Stage, int? Order, bool ConversionCandidate, long Rows);

/// <summary>
/// Turns the names of a file that matched nothing into custom entries, set-based: validation leaves a missed name in
/// ev_miss/ch_miss/tp_miss (NULL for every known name), the few distinct misses are grouped once here, and the insert resolves
/// them with a second <see cref="NameLookups"/> over just those names, so known rows pay only a NULL test.
/// </summary>
internal static class CustomNameStaging
{
    /// <summary>True when a raw name cannot be a custom entry (too long, control character). Evaluated only on misses.</summary>
    public static string BadNameSql(string raw) =>
        $"(length({raw}) > {CustomNames.MaxLength} OR regexp_matches({raw}, '[\\x00-\\x1F\\x7F]'))";

    /// <summary>The reason text for a name <see cref="BadNameSql"/> refused.</summary>
    public static string ProblemSql(string what, string raw) =>
        $"CASE WHEN length({raw}) > {CustomNames.MaxLength} THEN '{what} name longer than {CustomNames.MaxLength} characters' ELSE '{what} name holds a control character' END";

    /// <summary>The distinct missed names among the valid rows of stg_v, with inferred stage, position and conversion candidacy.</summary>
    public static async Task<IReadOnlyList<CustomName>> FindAsync(DuckDBConnection connection, NameLookups names, JourneyDictionary dictionary, CancellationToken ct)
    {
        if (await connection.ScalarAsync<long>(
                "SELECT count(*) FROM (SELECT 1 FROM stg_v WHERE reason IS NULL AND (ev_miss IS NOT NULL OR ch_miss IS NOT NULL OR tp_miss IS NOT NULL) LIMIT 1)", ct) == 0)
        {
            return [];
        }

        var rowStage = names.Attribute(DictionaryKind.Stage, "id", "st_code");
        var tpStage = names.Attribute(DictionaryKind.Touchpoint, "stage", "tp_code");
        var evStage = names.Attribute(DictionaryKind.Event, "default_stage", "ev_code");
        var evOrder = names.Attribute(DictionaryKind.Event, "default_touchpoint_order", "ev_code");
        // Stage: the rows' own stage when they give one, else what the known name beside it says (an event's touchpoint, a
        // touchpoint's event); a touchpoint's position is where its rows' known events usually sit in the journey.
        var rows = await connection.QueryAsync($"""
            SELECT kind, norm, arg_min(raw, line), count(*),
                   coalesce(mode(row_stage), mode(other_stage)), CAST(round(avg(other_order)) AS INTEGER), coalesce(bool_or(amount > 0), false)
            FROM (
                SELECT 'event' AS kind, ja_norm(ev_miss) AS norm, trim(ev_miss) AS raw, line, {rowStage} AS row_stage, {tpStage} AS other_stage,
                       NULL::INTEGER AS other_order, amount
                FROM stg_v WHERE reason IS NULL AND ev_miss IS NOT NULL
                UNION ALL
                SELECT 'touchpoint', ja_norm(tp_miss), trim(tp_miss), line, {rowStage}, {evStage}, {evOrder}, NULL
                FROM stg_v WHERE reason IS NULL AND tp_miss IS NOT NULL
                UNION ALL
                SELECT 'channel', ja_norm(ch_miss), trim(ch_miss), line, NULL, NULL, NULL, NULL
                FROM stg_v WHERE reason IS NULL AND ch_miss IS NOT NULL)
            GROUP BY kind, norm
            ORDER BY kind, norm
            """, ct);
        return rows.Select(r =>
        {
            var kind = (string)r[0]!;
            var stage = kind == DictionaryKind.Channel ? null : r[4] as string ?? CustomNames.UnknownStage;
            return new CustomName(kind, CustomNames.Id((string)r[2]!), ((string)r[2]!).Trim(), (string)r[1]!, stage,
                kind == DictionaryKind.Touchpoint && r[5] is not null and not DBNull ? Convert.ToInt32(r[5], CultureInfo.InvariantCulture) : null,
                kind == DictionaryKind.Event && r[6] is true, Convert.ToInt64(r[3], CultureInfo.InvariantCulture));
        }).ToList();
    }

    /// <summary>Name lookups over the custom names only, in the row shape of <see cref="NameLookups"/>.</summary>
    public static NameLookups Lookups(IReadOnlyList<CustomName> names, JourneyDictionary dictionary)
    {
        int? StageOrder(string? stage) => stage is null ? null : dictionary.Entries(DictionaryKind.Stage).FirstOrDefault(e => e.Id == stage)?.Order;
        return new NameLookups(names.Select(n => new object?[]
        {
            n.Kind, n.Normalized, n.Id,
            n.Kind == DictionaryKind.Event ? n.Stage : null, null, false,
            n.Kind == DictionaryKind.Event ? StageOrder(n.Stage) : null, null,
            null, null,
            n.Kind == DictionaryKind.Touchpoint ? n.Order : null,
            n.Kind == DictionaryKind.Touchpoint ? n.Stage : null,
        }));
    }

    /// <summary>Records the custom names of batch <paramref name="batchId"/> and adds them to the dictionary tables (unmapped).</summary>
    public static async Task WriteAsync(DuckDBConnection connection, long batchId, IReadOnlyList<CustomName> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return;
        }

        var values = string.Join(",\n", names.Select(n =>
            $"({QuoteLiteral(n.Kind)}, {QuoteLiteral(n.Id)}, {QuoteLiteral(n.Name)}, {QuoteLiteral(n.Normalized)}, " +
            $"{(n.Stage is null ? "NULL" : QuoteLiteral(n.Stage))}, {(n.Order is { } o ? o.ToString(CultureInfo.InvariantCulture) : "NULL")}, " +
            $"{(n.ConversionCandidate ? "true" : "false")}, {batchId})"));
        await connection.ExecuteAsync($"INSERT INTO custom_names VALUES {values}", ct);
        await connection.ExecuteAsync(StoreSchema.CustomEntriesSql($"c.first_batch = {batchId}"), ct);
    }

    /// <summary>The batch's accepted rows on custom (unmapped) names, and those names, for the ingest report.</summary>
    public static async Task<(long Rows, IReadOnlyList<UnmappedName> Names)> UnmappedAsync(DuckDBConnection connection, long batchId, CancellationToken ct)
    {
        const string custom = "'" + CustomNames.Prefix + "%'";
        var rows = await connection.ScalarAsync<long>(
            $"SELECT count(*) FROM touchpoint_events WHERE batch_id = $b AND (event LIKE {custom} OR channel LIKE {custom} OR touchpoint LIKE {custom})",
            ct, ("b", batchId));
        if (rows == 0)
        {
            return (0, []);
        }

        var names = await connection.QueryAsync($"""
            SELECT kind, id, count(*) AS n FROM (
                SELECT 'event' AS kind, event AS id FROM touchpoint_events WHERE batch_id = $b AND event LIKE {custom}
                UNION ALL SELECT 'channel', channel FROM touchpoint_events WHERE batch_id = $b AND channel LIKE {custom}
                UNION ALL SELECT 'touchpoint', touchpoint FROM touchpoint_events WHERE batch_id = $b AND touchpoint LIKE {custom})
            GROUP BY ALL ORDER BY n DESC, id
            """, ct, ("b", batchId));
        return (rows, names.Select(r => new UnmappedName((string)r[0]!, (string)r[1]!, CustomNames.NameOf((string)r[1]!), Convert.ToInt64(r[2], CultureInfo.InvariantCulture))).ToList());
    }
}
