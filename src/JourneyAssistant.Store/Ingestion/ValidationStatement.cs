using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion.Readers;
using JourneyAssistant.Store.Pii;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// Builds the one statement that validates a file's rows (stg_vt): each row leaves it accepted (reason NULL) or with a
/// reason code and text, its names as dictionary alias positions, identifiers normalized and its quarantined form if rejected.
/// </summary>
internal sealed class ValidationStatement
{
    private readonly SourceReader _source;
    private readonly MappedColumns _columns;
    private readonly QuarantineForm _quarantine;
    private readonly SourceMapping _mapping;
    private readonly string _defaultSourceTimeZone;

    public ValidationStatement(SourceReader source, MappedColumns columns, QuarantineForm quarantine, SourceMapping mapping, string defaultSourceTimeZone)
    {
        _source = source;
        _columns = columns;
        _quarantine = quarantine;
        _mapping = mapping;
        _defaultSourceTimeZone = defaultSourceTimeZone;
    }

    /// <summary>A trailing UTC offset beyond ±14:00 (RE2): hours 15-99, or 14 with minutes.</summary>
    private const string OffsetBeyond14HoursPattern = @"[+-]((1[5-9]|[2-9]\d)(:?\d\d)?|14:?(0[1-9]|[1-5]\d))$";

    private string TimestampSql(string text)
    {
        var zone = QuoteLiteral(_mapping.Timestamp.Zone ?? _defaultSourceTimeZone);
        var format = (_mapping.Timestamp.Format ?? "iso").Trim();
        return format.ToLowerInvariant() switch
        {
            // An explicit offset (Z, +08, +0800, +08:00, -05:00) is honoured; anything else is local time in the source zone.
            // An offset is a trailing Z (DuckDB reads only the upper-case one), a '+', or a '-' after the date/time separator.
            // Byte-level tests: this runs once per row, and character-position tests (length, right, substr decode UTF-8)
            // cost twice as much.
            "iso" or "" => $"""
                CASE WHEN ends_with({text}, 'Z') THEN try_cast({text} AS TIMESTAMPTZ)
                     WHEN contains({text}, '+') OR {text} LIKE '%T%-%' OR {text} LIKE '% %-%'
                     -- Real offsets run from -12:00 to +14:00; DuckDB reads any two digits (+25:00), so wider ones are refused here.
                     THEN CASE WHEN NOT regexp_matches({text}, '{OffsetBeyond14HoursPattern}') THEN try_cast({text} AS TIMESTAMPTZ) END
                     WHEN ends_with({text}, 'z') THEN try_cast(upper({text}) AS TIMESTAMPTZ)
                     ELSE timezone({zone}, try_cast({text} AS TIMESTAMP)) END
                """,
            "unix_ms" or "epoch_ms" => $"timezone('UTC', epoch_ms(try_cast({text} AS BIGINT)))",
            "unix_s" or "epoch_s" => $"timezone('UTC', make_timestamp(CAST(try_cast({text} AS DOUBLE) * 1000000 AS BIGINT)))",
            _ when format.Contains("%z", StringComparison.Ordinal) || format.Contains("%Z", StringComparison.Ordinal) =>
                $"try_strptime({text}, {QuoteLiteral(format)})",
            _ => $"timezone({zone}, try_strptime({text}, {QuoteLiteral(format)}))",
        };
    }

    /// <summary>CREATE TEMP TABLE stg_vt over what the source reads now (rebuilt when the reader switches to another reading).</summary>
    public string Build(NameLookups names)
    {
        var ids = _columns.IdentifierColumns();
        var extras = _columns.ExtraColumns();
        var tsColumn = _columns.RawColumn(_columns.TimestampColumn());
        var derivedId = _columns.SourceColumnOf("event_id") is null && _mapping.EventIdFrom.Count > 0;
        string eventIdSql;
        if (derivedId)
        {
            // Deterministic id from the listed columns, so re-sending the same raw row is a duplicate.
            var parts = _mapping.EventIdFrom.Select(c => _columns.RawColumn(c) is { } rc ? $"coalesce(r.{QuoteIdentifier(rc)}, '')" : "''");
            eventIdSql = $"left(sha256(concat_ws(chr(31), {string.Join(", ", parts)})), 32)";
        }
        else
        {
            eventIdSql = _columns.ValueSql("event_id");
        }

        var missing = new List<string>();
        if (!derivedId && _columns.SourceColumnOf("event_id") is null && _columns.ConstantOf("event_id") is null)
        {
            missing.Add("event_id");
        }

        if (tsColumn is null)
        {
            missing.Add(_columns.TimestampColumn());
        }

        foreach (var required in new[] { "source", "event", "channel" })
        {
            if (_columns.SourceColumnOf(required) is null && _columns.ConstantOf(required) is null)
            {
                missing.Add(required);
            }
        }

        var missingSql = missing.Count == 0
            ? "NULL::VARCHAR"
            : QuoteLiteral($"missing required column {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        var extrasSql = extras.Count == 0
            ? "NULL::JSON"
            : $"json_object({string.Join(", ", extras.Select(c => $"{QuoteLiteral(c)}, nullif({TrimSql($"r.{QuoteIdentifier(c)}")}, '')"))})";
        // Identifiers leave validation normalized (trimmed; phones without +86, spaces, dashes), so later passes group and join plain columns.
        var idSelect = string.Concat(ids.Select((c, i) =>
        {
            var trimmed = TrimSql($"r.{QuoteIdentifier(c.Column)}");
            return $", nullif({(c.Type == "phone" ? Masking.NormalizePhoneSql(trimmed) : trimmed)}, '') AS id_{i}";
        }));
        string Quoted(string column) => $"'''' || left({column}, 80) || ''''";

        // Columns carried from the source through validation: the raw values (for the quarantined form, then dropped) and
        // the source's own line number where it has one (kept).
        var rawCarried = _source.RawColumns.Select((c, i) => (Sql: $"r.{QuoteIdentifier(c)}", Name: $"__r{i}")).ToList();
        if (_source.TextSql is not null)
        {
            rawCarried.Add((_source.TextSql, "__rtext"));
        }

        var kept = _source.SourceLineSql is null ? [] : new List<(string Sql, string Name)> { (_source.SourceLineSql, "src_line") };
        var rawColumns = string.Concat(rawCarried.Concat(kept).Select(c => $", {c.Sql} AS {c.Name}"));
        var carried = string.Concat(rawCarried.Concat(kept).Select(c => $", q.{c.Name}"));
        var rawOnly = string.Concat(rawCarried.Select(c => $", {c.Name}"));
        return $"""
            CREATE TEMP TABLE stg_vt AS
            WITH p AS (
                SELECT {_source.ErrorSql} AS format_error, {missingSql} AS missing_columns,
                       {eventIdSql} AS event_id,
                       {(tsColumn is null ? "NULL::VARCHAR" : $"nullif({TrimSql($"r.{QuoteIdentifier(tsColumn)}")}, '')")} AS ts_text,
                       {_columns.ValueSql("source")} AS source, {_columns.ValueSql("channel")} AS channel_raw, {_columns.ValueSql("touchpoint")} AS touchpoint_raw,
                       {_columns.ValueSql("event")} AS event_raw, {_columns.ValueSql("stage")} AS stage_raw, {_columns.ValueSql("amount")} AS amount_raw,
                       {_columns.ValueSql("region")} AS region_raw, {_columns.ValueSql("campaign")} AS campaign_raw, {_columns.ValueSql("properties")} AS props_text,
                       {extrasSql} AS extras{idSelect}{rawColumns}
                FROM {_source.SourceSql} r),
            q0 AS (
                SELECT p.*, {TimestampSql("p.ts_text")} AS occurred_at,
                       try_cast(p.props_text AS JSON) AS props_json,
                       try_cast(replace(p.amount_raw, ',', '') AS DECIMAL(18,2)) AS amount
                FROM p),
            q1 AS (
                -- One JSON parse per row: a valid text that starts with a brace is an object.
                SELECT q0.*, q0.props_text IS NULL OR (q0.props_json IS NOT NULL AND starts_with(ltrim(q0.props_text), chr(123))) AS props_ok,
                       CASE WHEN q0.extras IS NULL THEN coalesce(q0.props_json, json_object())
                            ELSE json_merge_patch(coalesce(q0.props_json, json_object()), q0.extras) END AS merged
                FROM q0),
            -- Names resolve through the dictionary's aliases without a join (a join here would lose the file order the line
            -- numbers come from): an exact match on the normalized alias, else the normalized raw value (rare, so normalized rarely).
            q AS (SELECT q1.*, {PiiScreen.EntriesSql(extras.Count > 0 || _columns.SourceColumnOf("properties") is not null, "q1.merged")} AS pii_e, {PiiScreen.HitsSql("pii_e")} AS pii_s, json_extract_string(q1.merged, ['$.region', '$.campaign']) AS picked,
                         {names.Code(DictionaryKind.Event, "q1.event_raw")} AS ev_code, {names.Code(DictionaryKind.Stage, "q1.stage_raw")} AS st_code,
                         {names.Code(DictionaryKind.Channel, "q1.channel_raw")} AS ch_code, {names.Code(DictionaryKind.Touchpoint, "q1.touchpoint_raw")} AS tp_code
                  FROM q1)
            SELECT v.* EXCLUDE (format_error, missing_columns, ts_text, event_raw, stage_raw, channel_raw, touchpoint_raw, amount_raw, pii_e{rawOnly}),
                   CASE v.reason_code
                       WHEN 'invalid_json' THEN CASE WHEN v.format_error IS NOT NULL THEN 'invalid JSON line' ELSE 'invalid JSON in properties' END
                       WHEN 'line_too_long' THEN 'line longer than {SourceReader.MaxLineBytes:N0} bytes / 行超过 4 MB'
                       WHEN 'missing_column' THEN v.missing_columns
                       WHEN 'missing_event_id' THEN 'missing event_id'
                       WHEN 'missing_source' THEN 'missing source'
                       WHEN 'empty_event' THEN 'empty event'
                       WHEN 'missing_timestamp' THEN 'missing timestamp'
                       WHEN 'bad_timestamp' THEN 'unparseable timestamp ' || {Quoted("v.ts_text")}
                           || CASE WHEN regexp_full_match(v.ts_text, '\d+') AND strlen(v.ts_text) IN (10, 13) THEN ' (a number: set timestamp.format: epoch_ms or epoch_s in the mapping / 数字时间戳：请在映射中设置 timestamp.format: epoch_ms 或 epoch_s)' ELSE '' END
                       WHEN 'timestamp_out_of_range' THEN 'timestamp out of range ' || {Quoted("v.ts_text")}
                       WHEN 'unknown_event' THEN 'unknown event ' || {Quoted("v.event_raw")}
                       WHEN 'unknown_stage' THEN 'unknown stage ' || {Quoted("v.stage_raw")}
                       WHEN 'missing_channel' THEN 'missing channel'
                       WHEN 'unknown_channel' THEN 'unknown channel ' || {Quoted("v.channel_raw")}
                       WHEN 'unknown_touchpoint' THEN 'unknown touchpoint ' || {Quoted("v.touchpoint_raw")}
                       WHEN 'invalid_amount' THEN 'invalid amount ' || {Quoted("v.amount_raw")}
                       WHEN 'bad_name' THEN CASE WHEN v.ev_miss IS NOT NULL AND {CustomNameStaging.BadNameSql("v.ev_miss")} THEN {CustomNameStaging.ProblemSql("event", "v.ev_miss")}
                                                 WHEN v.ch_miss IS NOT NULL AND {CustomNameStaging.BadNameSql("v.ch_miss")} THEN {CustomNameStaging.ProblemSql("channel", "v.ch_miss")}
                                                 ELSE {CustomNameStaging.ProblemSql("touchpoint", "v.tp_miss")} END
                   END AS reason,
                   -- Rejected rows keep their raw form for the quarantine (identifiers masked); accepted rows carry nothing.
                   CASE WHEN v.reason_code IS NOT NULL THEN {_quarantine.RawRowSql(i => $"v.__r{i}", "v.format_error", "v.__rtext")} END AS raw_row
            FROM (
            SELECT q.format_error, q.missing_columns, q.ts_text, q.event_raw, q.stage_raw, q.channel_raw, q.touchpoint_raw, q.amount_raw,
                   q.event_id, q.source, q.occurred_at, q.amount{string.Concat(ids.Select((_, i) => $", q.id_{i}"))}{carried},
                   -- Names stay alias positions here: staging a string costs far more than an integer, and only the insert needs the names.
                   q.ev_code, q.st_code, q.ch_code, q.tp_code, q.pii_e,
                   -- A name that matched nothing, kept (NULL for every known name) to become a custom entry after grouping.
                   CASE WHEN q.ev_code IS NULL THEN q.event_raw END AS ev_miss, CASE WHEN q.ch_code IS NULL THEN q.channel_raw END AS ch_miss,
                   CASE WHEN q.tp_code IS NULL THEN q.touchpoint_raw END AS tp_miss,
                   -- Free text (comments) may hold phone numbers: masked before anything is stored; the substring test keeps the regex off other rows.
                   {PiiScreen.FreeTextMaskedSql($"CASE WHEN q.pii_s IS NULL THEN q.merged ELSE {PiiScreen.ScreenedJsonSql("q.pii_e")} END")} AS properties, q.pii_s,
                   coalesce(q.region_raw, q.picked[1]) AS region,
                   coalesce(q.campaign_raw, q.picked[2]) AS campaign,
                   CASE
                       WHEN q.format_error IS NOT NULL THEN 'invalid_json'{LineTooLongSql()}
                       WHEN q.missing_columns IS NOT NULL THEN 'missing_column'
                       WHEN q.event_id IS NULL THEN 'missing_event_id'
                       WHEN q.source IS NULL THEN 'missing_source'
                       WHEN q.event_raw IS NULL THEN 'empty_event'
                       WHEN q.ts_text IS NULL THEN 'missing_timestamp'
                       WHEN q.occurred_at IS NULL THEN 'bad_timestamp'
                       WHEN q.occurred_at < TIMESTAMPTZ '1990-01-01 00:00:00+00' OR q.occurred_at > TIMESTAMPTZ '2100-01-01 00:00:00+00' THEN 'timestamp_out_of_range'
                       {UnknownNameSql("q.ev_code IS NULL", "q.event_raw", "unknown_event")}
                       WHEN q.stage_raw IS NOT NULL AND q.st_code IS NULL THEN 'unknown_stage'
                       WHEN q.channel_raw IS NULL THEN 'missing_channel'
                       {UnknownNameSql("q.ch_code IS NULL", "q.channel_raw", "unknown_channel")}
                       {UnknownNameSql("q.touchpoint_raw IS NOT NULL AND q.tp_code IS NULL", "q.touchpoint_raw", "unknown_touchpoint")}
                       WHEN NOT q.props_ok THEN 'invalid_json'
                       WHEN q.amount_raw IS NOT NULL AND q.amount IS NULL THEN 'invalid_amount'
                   END AS reason_code
            FROM q) v
            """;
    }

    /// <summary>
    /// CSV rows whose fields add up to more than the line limit: DuckDB's reader does not always enforce max_line_size
    /// on a line it can split, so the limit is applied here too (strlen is the byte length kept in the string header: no scan).
    /// </summary>
    private string LineTooLongSql()
    {
        if (!_source.ReadsCsv || _source.RawColumns.Count == 0)
        {
            return "";
        }

        var total = string.Join(" + ", _source.RawColumns.Select((_, i) => $"coalesce(strlen(q.__r{i}), 0)"));
        return $"\n                       WHEN {total} > {SourceReader.MaxLineBytes} THEN 'line_too_long'";
    }

    /// <summary>The reason a name that matched nothing gives: none (it becomes a custom entry) unless it is unusable as a name
    /// (bad_name), or the mapping keeps its vocabulary closed (<paramref name="code"/>). The name test runs only on misses.</summary>
    private string UnknownNameSql(string missSql, string raw, string code) => _mapping.RejectsUnknownNames
        ? $"WHEN {missSql} THEN '{code}'"
        : $"WHEN (CASE WHEN {missSql} THEN {CustomNameStaging.BadNameSql(raw)} ELSE false END) THEN 'bad_name'";

    /// <summary>trim(<paramref name="value"/>) without its copy when there is nothing to trim: trim() removes space separators
    /// (Unicode Zs), whose only ASCII member is ' ', so an all-ASCII value not starting or ending with ' ' is returned as it is
    /// (0.58 s less per 4 M rows for three columns: the copy was most of trim's cost).</summary>
    private static string TrimSql(string value) =>
        $"CASE WHEN starts_with({value}, ' ') OR ends_with({value}, ' ') OR strlen({value}) <> length({value}) THEN trim({value}) ELSE {value} END";
}
