using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Pii;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// The identifiers of a file's accepted rows: distinct values keyed-hashed and masked once each, placeholders dropped, each
/// given its known node or the next free one (staged outside the write transaction); then written as identities and event identifiers.
/// </summary>
internal sealed class IdentifierStaging
{
    private static readonly string[] _junkValues =
        ["null", "nil", "none", "0", "-", "--", "anonymous", "anon", "unknown", "test", "n/a", "na", "nan", "undefined", "guest", "default", "(null)"];

    private readonly DuckDBConnection _connection;
    private readonly PiiKey _key;
    private readonly IReadOnlyList<(string Column, string Type)> _ids;
    private readonly CancellationToken _ct;
    // Staged identifier columns (id_0, id_1, …) holding at least one value among the accepted rows.
    private readonly HashSet<string> _filledIdColumns = [];

    /// <param name="ids">The file's (raw column, identifier type) pairs, staged by validation as id_0, id_1, … in this order.</param>
    public IdentifierStaging(DuckDBConnection connection, PiiKey key, IReadOnlyList<(string Column, string Type)> ids, CancellationToken ct)
    {
        _connection = connection;
        _key = key;
        _ids = ids;
        _ct = ct;
    }

    /// <summary>Per identifier type, the accepted rows' values (columns of one type side by side) as a query over staging;
    /// columns holding no value in this file are left out.</summary>
    private List<(string Type, string Rows, bool Several)> RowsByType()
    {
        var filled = _ids.Select((c, i) => (c.Type, Column: $"id_{i}")).Where(x => _filledIdColumns.Contains(x.Column)).ToList();
        // may_link: the row holds more than one identifier, so it may link them (placeholders, dropped later, still count:
        // a superset is safe). Stitching reads only these rows instead of grouping every event's identifiers to find them.
        var mayLink = filled.Count < 2 ? "false" : $"({string.Join(" + ", filled.Select(x => $"({x.Column} IS NOT NULL)::INTEGER"))}) > 1";
        return filled.GroupBy(x => x.Type)
            .Select(g => (g.Key, string.Join("\nUNION ALL\n", g.Select(x => $"SELECT event_key, occurred_at, {x.Column} AS v, {mayLink} AS may_link FROM stg_ok WHERE {x.Column} IS NOT NULL")),
                          g.Count() > 1))
            .ToList();
    }

    /// <summary>Distinct identifier values of the accepted rows with their keyed hash, mask and node id (known or next free); false when the file has no identifier value.</summary>
    public async Task<bool> StageAsync()
    {
        if (_ids.Count == 0)
        {
            return false;
        }

        // Exports carry every identifier column but fill only a few (an ad log has cookies and devices, no phones); each
        // column left in costs a scan of the accepted rows here and again for event_identifiers, so empty ones are dropped.
        var filled = (await _connection.QueryAsync(
            $"SELECT {string.Join(", ", _ids.Select((_, i) => $"count(id_{i}) > 0"))} FROM stg_vt WHERE reason IS NULL", _ct))[0];
        for (var i = 0; i < _ids.Count; i++)
        {
            if (filled[i] is true)
            {
                _filledIdColumns.Add($"id_{i}");
            }
        }

        if (_filledIdColumns.Count == 0)
        {
            return false;
        }

        var junk = string.Join(", ", _junkValues.Select(QuoteLiteral));
        var junkBytes = _junkValues.Max(j => Encoding.UTF8.GetByteCount(j));
        // No long-form copy of (event, type, value) is materialized: the grouping here and the event_identifiers join each
        // read the few columns they need straight from staging.
        var byType = RowsByType();
        var types = string.Join(" ", _ids.Select(c => c.Type).Distinct().Select(t => $"WHEN {QuoteLiteral(t)} THEN {Masking.MaskSql(t, "v")}"));
        // Placeholders are not identifiers: null-ish words and strings of one repeated character, separators aside
        // (00000, 11111111111, ----, the all-zero IDFA 00000000-0000-0000-0000-000000000000). The test sits in HAVING on an
        // aggregate, so it runs once per distinct value after the grouping rather than being pushed into the scan (per row),
        // and only real identifiers are hashed. "One repeated character" is an ltrim of that character and the separators
        // leaving nothing (it stops at the first other character; translate() walked every value twice: 1.3 s vs 0.55 s
        // over 1.5 M values); values longer than every placeholder word skip the lower(). Rows holding a placeholder drop
        // out at the event_identifiers join below.
        await _connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_idv AS
            SELECT id_type, v, first_key, first_seen, {PiiKey.HmacSql("v")} AS id_hash, CASE id_type {types} END AS masked
            FROM ({string.Join("\nUNION ALL\n", byType.Select(t => $"""
                SELECT {QuoteLiteral(t.Type)} AS id_type, v, min(event_key) AS first_key, min(occurred_at) AS first_seen FROM ({t.Rows}) GROUP BY v
                HAVING (strlen(min(v)) > {junkBytes} OR lower(min(v)) NOT IN ({junk}))
                   AND ltrim(min(v), left(ltrim(min(v), '-_:. '), 1) || '-_:. ') <> ''
                """))})
            """, _ct, ("ipad", _key.InnerPad), ("opad", _key.OuterPad));

        // Known values keep their node; new values get the next node ids in order of first sight (event order, then type,
        // then hash), so the same files give the same ids in a fresh store. The new ones are written sorted and numbered by
        // position: a row_number() window over one big partition measured 5.0 s for 3.75 M values, the sorted copy 3.0 s.
        var nodeBase = await _connection.ScalarAsync<long>("SELECT coalesce(max(node_id), 0) FROM identities", _ct);
        await _connection.ExecuteAsync("""
            CREATE TEMP TABLE stg_known AS
            SELECT d.id_type, d.v, d.id_hash, d.masked, d.first_seen, i.first_seen AS known_first_seen, i.node_id
            FROM stg_idv d JOIN identities i ON i.id_type = d.id_type AND i.id_hash = d.id_hash
            """, _ct);
        await _connection.ExecuteAsync("SET preserve_insertion_order = true", _ct);
        await _connection.ExecuteAsync("""
            CREATE TEMP TABLE stg_new AS
            SELECT d.id_type, d.v, d.id_hash, d.masked, d.first_seen FROM stg_idv d
            WHERE NOT EXISTS (SELECT 1 FROM stg_known k WHERE k.id_type = d.id_type AND k.id_hash = d.id_hash)
            ORDER BY d.first_key, d.id_type, d.id_hash
            """, _ct);
        await _connection.ExecuteAsync("SET preserve_insertion_order = false", _ct);
        await _connection.ExecuteAsync($"""
            CREATE TEMP VIEW stg_node AS
            SELECT id_type, v, id_hash, masked, first_seen, NULL::TIMESTAMPTZ AS known_first_seen, true AS is_new, {nodeBase} + rowid + 1 AS node_id FROM stg_new
            UNION ALL
            SELECT id_type, v, id_hash, masked, first_seen, known_first_seen, false, node_id FROM stg_known
            """, _ct);
        return true;
    }

    /// <summary>Stores the staged identifier nodes: new identities, earlier first sightings, and each accepted event's identifiers.</summary>
    public async Task WriteAsync(long batchId)
    {
        var byType = RowsByType();
        await _connection.ExecuteAsync("""
            INSERT INTO identities (id_type, id_hash, masked, node_id, person_id, is_shared, first_seen, linked_values, batch_id)
            SELECT id_type, id_hash, masked, node_id, NULL, false, first_seen, 0, $b FROM stg_node WHERE is_new ORDER BY node_id
            """, _ct, ("b", batchId));
        if (await _connection.ScalarAsync<long>("SELECT count(*) FROM stg_node WHERE first_seen < known_first_seen", _ct) > 0)
        {
            await _connection.ExecuteAsync("""
                UPDATE identities SET first_seen = n.first_seen
                FROM stg_node n WHERE identities.node_id = n.node_id AND n.first_seen < n.known_first_seen
                """, _ct);
        }
        // Two columns of one type holding the same value on one event give one row.
        await _connection.ExecuteAsync($"""
            INSERT INTO event_identifiers (event_key, id_type, node_id, may_link)
            {string.Join("\nUNION ALL\n", byType.Select(t => $"""
                SELECT {(t.Several ? "DISTINCT " : "")}s.event_key, {QuoteLiteral(t.Type)}, n.node_id, s.may_link
                FROM ({t.Rows}) s JOIN (SELECT v, node_id FROM stg_node WHERE id_type = {QuoteLiteral(t.Type)}) n ON n.v = s.v
                """))}
            """, _ct);
    }
}
