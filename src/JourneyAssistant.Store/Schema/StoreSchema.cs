using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Dictionary;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Schema;

/// <summary>Creates the store's tables, loads the dictionary tables and (re)creates the analysis views with the reporting zone baked in.</summary>
public static class StoreSchema
{
    /// <summary>Bumped whenever a table or view changes shape, so existing files get their views recreated.</summary>
    public const string Version = "5";

    /// <summary>Identifier types, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> IdentifierTypes =
        ["user_id", "member_id", "phone", "wechat_openid", "wechat_unionid", "device_id", "cookie_id"];

    /// <summary>Identifier types that name one person; a value co-occurring with many of these is a shared identifier.</summary>
    public static readonly IReadOnlyList<string> PersonLevelTypes =
        ["member_id", "phone", "wechat_unionid", "wechat_openid", "user_id"];

    /// <summary>The relations skills may query.</summary>
    public static readonly IReadOnlyList<string> AnalysisViews =
    [
        "journey_events", "people", "orders", "tickets", "survey_responses", "identity_coverage",
        "dim_stages", "dim_channels", "dim_touchpoints", "dim_events", "journey_profile",
    ];

    // Names from a short list (source, channel, event, stage, region, campaign, week, id type) are always dictionary-compressed,
    // which DuckDB picks for them anyway; naming it skips trying the other string methods on every block written
    // (inserting 11 string columns of 4.1 M events: 3.9-4.3 s -> 3.4-3.5 s). Values unique per row (event ids, identifier
    // hashes and masks) are always FSST, also DuckDB's own pick; naming it skips building a dictionary of every value only
    // to discard it (4 M event ids: 0.65-0.75 s -> 0.39-0.41 s, same blocks). Stores created earlier keep automatic choice.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS store_settings(key VARCHAR PRIMARY KEY, value VARCHAR);
        CREATE TABLE IF NOT EXISTS ingest_batches(
            batch_id BIGINT, file_name VARCHAR, content_hash VARCHAR, mapping VARCHAR, format VARCHAR, source VARCHAR,
            input_rows BIGINT, accepted BIGINT, duplicates BIGINT, rejected BIGINT,
            started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ);
        CREATE TABLE IF NOT EXISTS touchpoint_events(
            event_key BIGINT NOT NULL, source VARCHAR NOT NULL USING COMPRESSION dictionary, event_id VARCHAR NOT NULL USING COMPRESSION fsst, occurred_at TIMESTAMPTZ NOT NULL,
            channel VARCHAR NOT NULL USING COMPRESSION dictionary, touchpoint VARCHAR USING COMPRESSION dictionary,
            event VARCHAR NOT NULL USING COMPRESSION dictionary, stage VARCHAR NOT NULL USING COMPRESSION dictionary, person_id BIGINT,
            amount DECIMAL(18,2), region VARCHAR USING COMPRESSION dictionary, campaign VARCHAR USING COMPRESSION dictionary, properties JSON, batch_id BIGINT,
            local_time TIMESTAMP, local_date DATE, local_hour INTEGER, iso_week VARCHAR USING COMPRESSION dictionary, week_start DATE, month_start DATE,
            channel_kind VARCHAR USING COMPRESSION dictionary, touchpoint_order INTEGER, stage_order INTEGER, is_conversion BOOLEAN);
        CREATE TABLE IF NOT EXISTS event_identifiers(event_key BIGINT NOT NULL, id_type VARCHAR NOT NULL USING COMPRESSION dictionary, node_id BIGINT NOT NULL, may_link BOOLEAN DEFAULT true);
        CREATE TABLE IF NOT EXISTS identities(
            id_type VARCHAR NOT NULL USING COMPRESSION dictionary, id_hash VARCHAR NOT NULL USING COMPRESSION fsst, masked VARCHAR USING COMPRESSION fsst, node_id BIGINT NOT NULL, person_id BIGINT,
            is_shared BOOLEAN NOT NULL DEFAULT false, first_seen TIMESTAMPTZ, linked_values INTEGER NOT NULL DEFAULT 0, batch_id BIGINT);
        CREATE TABLE IF NOT EXISTS persons(
            person_id BIGINT, first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, identifier_count INTEGER, event_count BIGINT,
            first_channel VARCHAR USING COMPRESSION dictionary, region VARCHAR USING COMPRESSION dictionary, has_member_id BOOLEAN, has_phone BOOLEAN, has_wechat BOOLEAN, has_cookie BOOLEAN,
            first_local_date DATE, last_local_date DATE);
        CREATE TABLE IF NOT EXISTS quarantine(
            batch_id BIGINT, source_file VARCHAR, line_number BIGINT, reason_code VARCHAR, reason VARCHAR, raw_row VARCHAR);
        CREATE TABLE IF NOT EXISTS dict_stages(id VARCHAR, label_zh VARCHAR, label_en VARCHAR, "order" INTEGER, aliases VARCHAR[]);
        CREATE TABLE IF NOT EXISTS dict_channels(id VARCHAR, label_zh VARCHAR, label_en VARCHAR, kind VARCHAR, aliases VARCHAR[]);
        CREATE TABLE IF NOT EXISTS dict_touchpoints(id VARCHAR, label_zh VARCHAR, label_en VARCHAR, stage VARCHAR, "order" INTEGER, aliases VARCHAR[]);
        CREATE TABLE IF NOT EXISTS dict_events(id VARCHAR, label_zh VARCHAR, label_en VARCHAR, stage VARCHAR, touchpoint VARCHAR, is_conversion BOOLEAN, aliases VARCHAR[]);
        CREATE TABLE IF NOT EXISTS dict_aliases(kind VARCHAR, alias VARCHAR, id VARCHAR);
        CREATE TABLE IF NOT EXISTS custom_names(kind VARCHAR, id VARCHAR, name VARCHAR, normalized VARCHAR, stage VARCHAR, "order" INTEGER,
            conversion_candidate BOOLEAN, first_batch BIGINT);
        ALTER TABLE dict_channels ADD COLUMN IF NOT EXISTS unmapped BOOLEAN DEFAULT false;
        ALTER TABLE dict_touchpoints ADD COLUMN IF NOT EXISTS unmapped BOOLEAN DEFAULT false;
        ALTER TABLE dict_touchpoints ADD COLUMN IF NOT EXISTS funnel_step INTEGER;
        ALTER TABLE dict_events ADD COLUMN IF NOT EXISTS unmapped BOOLEAN DEFAULT false;
        ALTER TABLE dict_events ADD COLUMN IF NOT EXISTS conversion_candidate BOOLEAN DEFAULT false;
        """;

    /// <summary>Creates missing tables; reloads the dictionary and recreates the views when the dictionary, zone or schema version changed.</summary>
    public static async Task EnsureAsync(DuckDBConnection connection, JourneyDictionary dictionary, string reportingTimeZone, CancellationToken ct = default)
    {
        await ValidateZoneAsync(connection, reportingTimeZone, ct);
        await connection.ExecuteAsync(Tables, ct);
        await connection.ExecuteAsync(JourneyProfile.TableSql, ct);
        var columnsAdded = await AddLocalColumnsAsync(connection, ct);
        var dictionaryColumnsAdded = await AddDictionaryColumnsAsync(connection, ct);
        var (viewsStale, dictionaryChanged) = await StalenessAsync(connection, dictionary, reportingTimeZone, ct);
        if (!viewsStale && !columnsAdded && !dictionaryColumnsAdded)
        {
            return;
        }

        var dictionaryHash = DictionaryHash(dictionary);
        var storedZone = await connection.ScalarAsync<string>("SELECT value FROM store_settings WHERE key = 'reporting_time_zone'", ct);
        // A store without a recorded zone has either no events or events written before the columns existed (columnsAdded).
        var zoneChanged = storedZone is not null && storedZone != reportingTimeZone;

        await connection.ExecuteAsync("BEGIN TRANSACTION", ct);
        try
        {
            if (dictionaryChanged)
            {
                await LoadDictionaryAsync(connection, dictionary, ct);
            }

            if (dictionaryChanged)
            {
                await RemapCustomNamesAsync(connection, ct);
            }

            if (dictionaryChanged || dictionaryColumnsAdded)
            {
                // Channel kind, journey order and the conversion flag are materialized at ingest (joining four dictionary
                // tables in the view on every query cost ~30 % of a 10M-event scan); a changed dictionary rewrites them.
                await connection.ExecuteAsync($"""
                    UPDATE touchpoint_events SET channel_kind = d.channel_kind, touchpoint_order = d.touchpoint_order,
                                                 stage_order = d.stage_order, is_conversion = d.is_conversion
                    FROM (SELECT e.event_key, {DictionaryColumnsSql} FROM touchpoint_events e {DictionaryJoinsSql("e")}) d
                    WHERE touchpoint_events.event_key = d.event_key
                    """, ct);
            }

            if (columnsAdded || zoneChanged)
            {
                // The reporting-zone columns are materialized at ingest; a new zone rewrites them in one set-based pass.
                await connection.ExecuteAsync($"UPDATE touchpoint_events SET {LocalColumnsAssignSql(reportingTimeZone)}", ct);
                var z = QuoteLiteral(reportingTimeZone);
                await connection.ExecuteAsync(
                    $"UPDATE persons SET first_local_date = CAST(timezone({z}, first_seen) AS DATE), last_local_date = CAST(timezone({z}, last_seen) AS DATE)", ct);
            }

            await connection.ExecuteAsync(ViewsSql(reportingTimeZone), ct);
            // Derived from the events' names and flags, which a new dictionary or schema may just have rewritten.
            await JourneyProfile.RefreshAsync(connection, ct);
            await SetAsync(connection, "journey_profile_sha256", JourneyProfile.Fingerprint, ct);
            await SetAsync(connection, "schema_version", Version, ct);
            await SetAsync(connection, "reporting_time_zone", reportingTimeZone, ct);
            await SetAsync(connection, "dictionary_sha256", dictionaryHash, ct);
            await connection.ExecuteAsync("COMMIT", ct);
        }
        catch
        {
            await connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
            throw;
        }
    }

    /// <summary>True when the file already has this schema version, zone and dictionary (works on a read-only connection).</summary>
    public static async Task<bool> IsCurrentAsync(DuckDBConnection connection, JourneyDictionary dictionary, string reportingTimeZone, CancellationToken ct = default)
    {
        if (await connection.ScalarAsync<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_settings'", ct) == 0)
        {
            return false;
        }

        return !(await StalenessAsync(connection, dictionary, reportingTimeZone, ct)).ViewsStale;
    }

    /// <summary>SELECT expressions for the reporting-zone columns (local_time, local_date, local_hour, iso_week, week_start, month_start)
    /// from a local wall-clock TIMESTAMP expression.</summary>
    internal static string LocalColumnsSql(string localTime) =>
        $"{localTime}, CAST({localTime} AS DATE), CAST(hour({localTime}) AS INTEGER), strftime({localTime}, '%G-W%V'), " +
        $"CAST(date_trunc('week', {localTime}) AS DATE), CAST(date_trunc('month', {localTime}) AS DATE)";

    private static string LocalColumnsAssignSql(string zone)
    {
        var local = $"timezone({QuoteLiteral(zone)}, occurred_at)";
        return $"local_time = {local}, local_date = CAST({local} AS DATE), local_hour = CAST(hour({local}) AS INTEGER), " +
               $"iso_week = strftime({local}, '%G-W%V'), week_start = CAST(date_trunc('week', {local}) AS DATE), " +
               $"month_start = CAST(date_trunc('month', {local}) AS DATE)";
    }

    /// <summary>SELECT expressions for the dictionary-derived columns (channel_kind, touchpoint_order, stage_order, is_conversion),
    /// given <see cref="DictionaryJoinsSql"/>.</summary>
    internal const string DictionaryColumnsSql =
        "dc.kind AS channel_kind, dt.\"order\" AS touchpoint_order, ds.\"order\" AS stage_order, coalesce(de.is_conversion, false) AS is_conversion";

    /// <summary>The dictionary joins behind <see cref="DictionaryColumnsSql"/>.</summary>
    internal static string DictionaryJoinsSql(string events) =>
        $"LEFT JOIN dict_channels dc ON dc.id = {events}.channel LEFT JOIN dict_touchpoints dt ON dt.id = {events}.touchpoint " +
        $"LEFT JOIN dict_stages ds ON ds.id = {events}.stage LEFT JOIN dict_events de ON de.id = {events}.event";

    /// <summary>Adds the dictionary-derived columns to a store written before they existed; true when it did (they then need computing).</summary>
    private static async Task<bool> AddDictionaryColumnsAsync(DuckDBConnection connection, CancellationToken ct)
    {
        if (await connection.ScalarAsync<long>(
                "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'touchpoint_events' AND column_name = 'is_conversion'", ct) > 0)
        {
            return false;
        }

        await connection.ExecuteAsync("""
            ALTER TABLE touchpoint_events ADD COLUMN channel_kind VARCHAR;
            ALTER TABLE touchpoint_events ADD COLUMN touchpoint_order INTEGER;
            ALTER TABLE touchpoint_events ADD COLUMN stage_order INTEGER;
            ALTER TABLE touchpoint_events ADD COLUMN is_conversion BOOLEAN;
            """, ct);
        return true;
    }

    /// <summary>Adds the reporting-zone columns to a store written before they existed; true when it did (their values then need computing).</summary>
    private static async Task<bool> AddLocalColumnsAsync(DuckDBConnection connection, CancellationToken ct)
    {
        var present = await connection.ScalarAsync<long>(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'touchpoint_events' AND column_name = 'local_time'", ct);
        // The hash lives in identities (one row per identifier); per event the node id suffices, and 64 hex characters
        // per event-identifier row were a large share of ingest's write volume.
        if (await connection.ScalarAsync<long>(
                "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'event_identifiers' AND column_name = 'id_hash'", ct) > 0)
        {
            await connection.ExecuteAsync("ALTER TABLE event_identifiers DROP COLUMN id_hash", ct);
        }

        // Stores from before the flag: every row may link (true is always safe, only slower to stitch).
        await connection.ExecuteAsync("ALTER TABLE event_identifiers ADD COLUMN IF NOT EXISTS may_link BOOLEAN DEFAULT true", ct);
        if (present > 0)
        {
            return false;
        }

        await connection.ExecuteAsync("""
            ALTER TABLE touchpoint_events ADD COLUMN local_time TIMESTAMP;
            ALTER TABLE touchpoint_events ADD COLUMN local_date DATE;
            ALTER TABLE touchpoint_events ADD COLUMN local_hour INTEGER;
            ALTER TABLE touchpoint_events ADD COLUMN iso_week VARCHAR;
            ALTER TABLE touchpoint_events ADD COLUMN week_start DATE;
            ALTER TABLE touchpoint_events ADD COLUMN month_start DATE;
            ALTER TABLE persons ADD COLUMN IF NOT EXISTS first_local_date DATE;
            ALTER TABLE persons ADD COLUMN IF NOT EXISTS last_local_date DATE;
            """, ct);
        return true;
    }

    private static string DictionaryHash(JourneyDictionary dictionary) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dictionary.Yaml)));

    private static async Task<(bool ViewsStale, bool DictionaryChanged)> StalenessAsync(DuckDBConnection connection, JourneyDictionary dictionary, string zone, CancellationToken ct)
    {
        var settings = (await connection.QueryAsync("SELECT key, value FROM store_settings", ct))
            .ToDictionary(r => (string)r[0]!, r => r[1] as string);
        var dictionaryChanged = settings.GetValueOrDefault("dictionary_sha256") != DictionaryHash(dictionary);
        var viewsStale = dictionaryChanged
            || settings.GetValueOrDefault("schema_version") != Version
            || settings.GetValueOrDefault("reporting_time_zone") != zone
            || settings.GetValueOrDefault("journey_profile_sha256") != JourneyProfile.Fingerprint
            || await connection.ScalarAsync<long>("SELECT count(*) FROM duckdb_views() WHERE NOT internal AND view_name = 'journey_events'", ct) == 0;
        return (viewsStale, dictionaryChanged);
    }

    /// <summary>Stores one setting.</summary>
    public static Task SetAsync(DuckDBConnection connection, string key, string value, CancellationToken ct = default) =>
        connection.ExecuteAsync("INSERT OR REPLACE INTO store_settings VALUES ($k, $v)", ct, ("k", key), ("v", value));

    /// <summary>Throws a clear error when DuckDB does not know the zone.</summary>
    public static async Task ValidateZoneAsync(DuckDBConnection connection, string zone, CancellationToken ct = default)
    {
        var known = await connection.ScalarAsync<long>("SELECT count(*) FROM pg_timezone_names() WHERE name = $z", ct, ("z", zone));
        if (known == 0)
        {
            throw new InvalidOperationException($"Unknown time zone '{zone}' (expected an IANA id such as Asia/Shanghai or UTC).");
        }
    }

    private static async Task LoadDictionaryAsync(DuckDBConnection connection, JourneyDictionary dictionary, CancellationToken ct)
    {
        static string Aliases(DictionaryEntry e) => "[" + string.Join(",", e.Aliases.Select(QuoteLiteral)) + "]::VARCHAR[]";
        static string Values(IEnumerable<string> rows) => string.Join(",\n", rows);

        var sql = new StringBuilder("DELETE FROM dict_stages; DELETE FROM dict_channels; DELETE FROM dict_touchpoints; DELETE FROM dict_events; DELETE FROM dict_aliases;\n");
        var stages = dictionary.Entries(DictionaryKind.Stage);
        var channels = dictionary.Entries(DictionaryKind.Channel);
        var touchpoints = dictionary.Entries(DictionaryKind.Touchpoint);
        var events = dictionary.Entries(DictionaryKind.Event);
        if (stages.Count > 0)
        {
            sql.Append("INSERT INTO dict_stages VALUES ").Append(Values(stages.Select(e =>
                $"({QuoteLiteral(e.Id)},{QuoteLiteral(e.Label.Zh)},{QuoteLiteral(e.Label.En)},{e.Order},{Aliases(e)})"))).Append(";\n");
        }

        if (channels.Count > 0)
        {
            sql.Append("INSERT INTO dict_channels (id, label_zh, label_en, kind, aliases) VALUES ").Append(Values(channels.Select(e =>
                $"({QuoteLiteral(e.Id)},{QuoteLiteral(e.Label.Zh)},{QuoteLiteral(e.Label.En)},{QuoteLiteral(e.Category)},{Aliases(e)})"))).Append(";\n");
        }

        if (touchpoints.Count > 0)
        {
            sql.Append("INSERT INTO dict_touchpoints (id, label_zh, label_en, stage, \"order\", aliases, funnel_step) VALUES ").Append(Values(touchpoints.Select(e =>
                $"({QuoteLiteral(e.Id)},{QuoteLiteral(e.Label.Zh)},{QuoteLiteral(e.Label.En)},{QuoteLiteral(e.Category)},{e.Order},{Aliases(e)},{(e.FunnelStep is { } step ? step.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")})"))).Append(";\n");
        }

        if (events.Count > 0)
        {
            sql.Append("INSERT INTO dict_events (id, label_zh, label_en, stage, touchpoint, is_conversion, aliases) VALUES ").Append(Values(events.Select(e =>
                $"({QuoteLiteral(e.Id)},{QuoteLiteral(e.Label.Zh)},{QuoteLiteral(e.Label.En)},{QuoteLiteral(e.Category)},{QuoteLiteral(e.Touchpoint)},{(e.IsConversion ? "true" : "false")},{Aliases(e)})"))).Append(";\n");
        }

        var aliasRows = new List<string>();
        foreach (var kind in new[] { DictionaryKind.Stage, DictionaryKind.Channel, DictionaryKind.Touchpoint, DictionaryKind.Event })
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var entries = dictionary.Entries(kind);
            // Canonical ids first so an alias that equals another entry's id never shadows it.
            foreach (var (alias, id) in entries.Select(e => (JourneyDictionary.Normalize(e.Id), e.Id))
                         .Concat(entries.SelectMany(e => e.Aliases.Select(a => (JourneyDictionary.Normalize(a), e.Id)))))
            {
                if (seen.Add(alias))
                {
                    aliasRows.Add($"({QuoteLiteral(kind)},{QuoteLiteral(alias)},{QuoteLiteral(id)})");
                }
            }
        }

        if (aliasRows.Count > 0)
        {
            sql.Append("INSERT INTO dict_aliases VALUES ").Append(Values(aliasRows)).Append(";\n");
        }

        // Custom names the dictionary still does not know stay entries of their own (flagged unmapped).
        sql.Append(CustomEntriesSql("true"));
        await connection.ExecuteAsync(sql.ToString(), ct);
    }

    /// <summary>
    /// Adds the custom names selected by <paramref name="filter"/> (over <c>custom_names c</c>) that no dictionary id or alias
    /// matches to the dictionary tables, flagged unmapped: the raw name is the label in both languages and its own alias.
    /// </summary>
    internal static string CustomEntriesSql(string filter) => $"""
        CREATE OR REPLACE TEMP TABLE stg_custom_new AS
        SELECT c.* FROM custom_names c
        WHERE ({filter}) AND NOT EXISTS (SELECT 1 FROM dict_aliases a WHERE a.kind = c.kind AND a.alias = c.normalized);
        INSERT INTO dict_channels (id, label_zh, label_en, kind, aliases, unmapped)
        SELECT id, name, name, NULL, [name], true FROM stg_custom_new WHERE kind = 'channel';
        INSERT INTO dict_touchpoints (id, label_zh, label_en, stage, "order", aliases, unmapped)
        SELECT id, name, name, stage, "order", [name], true FROM stg_custom_new WHERE kind = 'touchpoint';
        INSERT INTO dict_events (id, label_zh, label_en, stage, touchpoint, is_conversion, aliases, unmapped, conversion_candidate)
        SELECT id, name, name, stage, NULL, false, [name], true, conversion_candidate FROM stg_custom_new WHERE kind = 'event';
        INSERT INTO dict_aliases SELECT kind, normalized, id FROM stg_custom_new;
        DROP TABLE stg_custom_new;

        """;

    /// <summary>
    /// Moves stored events from custom ids onto the ids the dictionary now gives their names (an overlay alias, a new entry),
    /// set-based; an event whose stage was unknown takes its new event's stage. Derived columns are rewritten after this.
    /// </summary>
    private static async Task RemapCustomNamesAsync(DuckDBConnection connection, CancellationToken ct)
    {
        if (await connection.ScalarAsync<long>("SELECT count(*) FROM custom_names", ct) == 0)
        {
            return;
        }

        foreach (var (kind, column) in new[] { (DictionaryKind.Event, "event"), (DictionaryKind.Channel, "channel"), (DictionaryKind.Touchpoint, "touchpoint") })
        {
            await connection.ExecuteAsync($"""
                UPDATE touchpoint_events SET {column} = m.id
                FROM (SELECT c.id AS old_id, a.id FROM custom_names c JOIN dict_aliases a ON a.kind = c.kind AND a.alias = c.normalized
                      WHERE c.kind = {QuoteLiteral(kind)} AND a.id <> c.id) m
                WHERE touchpoint_events.{column} = m.old_id
                """, ct);
        }

        await connection.ExecuteAsync($"""
            UPDATE touchpoint_events SET stage = coalesce(de.stage, dt.stage, touchpoint_events.stage)
            FROM touchpoint_events e LEFT JOIN dict_events de ON de.id = e.event AND de.stage <> {QuoteLiteral(CustomNames.UnknownStage)}
                 LEFT JOIN dict_touchpoints dt ON dt.id = e.touchpoint AND dt.stage <> {QuoteLiteral(CustomNames.UnknownStage)}
            WHERE touchpoint_events.stage = {QuoteLiteral(CustomNames.UnknownStage)} AND e.event_key = touchpoint_events.event_key
              AND coalesce(de.stage, dt.stage) IS NOT NULL
            """, ct);
    }

    /// <summary>The analysis views with <paramref name="zone"/> baked in (views cannot take parameters).</summary>
    internal static string ViewsSql(string zone)
    {
        return $"""
            CREATE OR REPLACE VIEW journey_events AS
            SELECT e.event_key, e.person_id, e.source, e.channel, e.channel_kind, e.touchpoint, e.touchpoint_order,
                   e.event, e.stage, e.stage_order, e.is_conversion,
                   e.occurred_at, e.local_time, e.local_date, e.local_hour, e.iso_week, e.week_start, e.month_start,
                   e.amount, e.region, e.campaign, e.properties
            FROM touchpoint_events e;

            CREATE OR REPLACE VIEW people AS
            SELECT p.person_id, p.first_seen, p.last_seen,
                   p.first_local_date, p.last_local_date,
                   p.first_channel, p.region, p.identifier_count, p.event_count,
                   p.has_member_id, p.has_phone, p.has_wechat, p.has_cookie
            FROM persons p;

            CREATE OR REPLACE VIEW orders AS
            SELECT event_key, person_id, source, event, channel, touchpoint, region, campaign, occurred_at, local_time, local_date, iso_week, week_start, month_start, amount,
                   CASE WHEN person_id IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY person_id ORDER BY occurred_at, event_key) END AS order_seq
            FROM journey_events
            WHERE is_conversion;

            CREATE OR REPLACE VIEW tickets AS
            WITH t AS (
                SELECT json_extract_string(properties, '$.ticket_id') AS ticket_id, event, person_id, channel, region, occurred_at, local_date, iso_week, week_start,
                       nullif(trim(json_extract_string(properties, '$.category')), '') AS category
                FROM touchpoint_events
                WHERE event IN ('ticket_open', 'ticket_resolve')),
            o AS (
                SELECT ticket_id, arg_min(person_id, occurred_at) AS person_id, arg_min(channel, occurred_at) AS service_channel,
                       arg_min(region, occurred_at) AS region, min(occurred_at) AS opened_at, arg_min(category, occurred_at) AS category,
                       arg_min(local_date, occurred_at) AS open_local_date, arg_min(iso_week, occurred_at) AS iso_week, arg_min(week_start, occurred_at) AS week_start
                FROM t WHERE event = 'ticket_open' AND ticket_id IS NOT NULL GROUP BY ticket_id),
            r AS (
                SELECT ticket_id, min(occurred_at) AS resolved_at, arg_min(category, occurred_at) AS category
                FROM t WHERE event = 'ticket_resolve' AND ticket_id IS NOT NULL GROUP BY ticket_id)
            SELECT o.ticket_id, o.person_id, o.service_channel, o.region, o.opened_at,
                   CASE WHEN r.resolved_at >= o.opened_at THEN r.resolved_at END AS resolved_at,
                   o.open_local_date, o.iso_week, o.week_start,
                   CASE WHEN r.resolved_at >= o.opened_at THEN date_diff('second', o.opened_at, r.resolved_at) / 3600.0 END AS resolution_hours,
                   coalesce(r.resolved_at >= o.opened_at, false) AS is_resolved,
                   coalesce(o.category, r.category) AS category
            FROM o LEFT JOIN r USING (ticket_id);

            CREATE OR REPLACE VIEW survey_responses AS
            SELECT e.event_key, e.person_id, coalesce(a.id, e.rated, e.touchpoint) AS touchpoint, e.touchpoint AS survey_touchpoint,
                   e.channel, e.region, e.occurred_at, e.local_date, e.iso_week, e.week_start,
                   CASE WHEN e.nps_value BETWEEN 0 AND 10 THEN CAST(round(e.nps_value) AS INTEGER) END AS nps,
                   CASE WHEN e.csat_value BETWEEN 1 AND 5 THEN CAST(round(e.csat_value) AS INTEGER) END AS csat,
                   e.comment
            FROM (
                SELECT *, nullif(trim(json_extract_string(properties, '$.rated_touchpoint')), '') AS rated,
                       try_cast(json_extract_string(properties, '$.nps') AS DOUBLE) AS nps_value,
                       try_cast(json_extract_string(properties, '$.csat') AS DOUBLE) AS csat_value,
                       json_extract_string(properties, '$.comment') AS comment
                FROM journey_events WHERE event = 'nps_response') e
            LEFT JOIN dict_aliases a ON a.kind = 'touchpoint' AND a.alias = lower(trim(e.rated));

            CREATE OR REPLACE VIEW identity_coverage AS
            SELECT k.id_type, coalesce(count(i.id_hash), 0) AS identifiers, count(DISTINCT i.person_id) AS persons,
                   count(i.id_hash) FILTER (WHERE i.is_shared) AS shared_identifiers
            FROM (VALUES {string.Join(", ", IdentifierTypes.Select((t, i) => $"({QuoteLiteral(t)}, {i + 1})"))}) k(id_type, type_order)
            LEFT JOIN identities i ON i.id_type = k.id_type
            GROUP BY k.id_type, k.type_order
            ORDER BY k.type_order;

            CREATE OR REPLACE VIEW dim_stages AS
            SELECT id, label_zh, label_en, "order", "order" AS sort_order, aliases FROM dict_stages ORDER BY "order";
            CREATE OR REPLACE VIEW dim_channels AS
            SELECT id, label_zh, label_en, kind, aliases, coalesce(unmapped, false) AS unmapped FROM dict_channels;
            CREATE OR REPLACE VIEW dim_touchpoints AS
            SELECT id, label_zh, label_en, stage, "order", "order" AS sort_order, aliases, coalesce(unmapped, false) AS unmapped FROM dict_touchpoints ORDER BY "order";
            CREATE OR REPLACE VIEW dim_events AS
            SELECT e.id, e.label_zh, e.label_en, e.stage, e.touchpoint, e.is_conversion, s."order" AS "order", s."order" AS sort_order, e.aliases,
                   coalesce(e.unmapped, false) AS unmapped, coalesce(e.conversion_candidate, false) AS conversion_candidate
            FROM dict_events e LEFT JOIN dict_stages s ON s.id = e.stage;
            CREATE OR REPLACE VIEW journey_profile AS
            SELECT kind, id, position, people, share, lead_seconds FROM journey_profile_rows;
            """;
    }
}
