using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion.Readers;
using JourneyAssistant.Store.Pii;
using JourneyAssistant.Store.Schema;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// Ingests one file, set-based in DuckDB: native reader feeding validation and alias resolution into
/// accepted vs quarantine, de-duplication by (source, event_id), keyed hashing of identifiers; then one transaction writes it all.
/// </summary>
internal sealed class FileIngestion
{
    private static readonly string[] _junkValues =
        ["null", "nil", "none", "0", "-", "--", "anonymous", "anon", "unknown", "test", "n/a", "na", "nan", "undefined", "guest", "default", "(null)"];

    private readonly DuckDBConnection _connection;
    private readonly JourneyStore _store;
    private readonly IProgress<IngestProgress>? _progress;
    private readonly string _file;
    private readonly SourceMapping _mapping;
    private readonly string _format;
    private readonly CancellationToken _ct;

    // Staging columns, resolved from the file's header and the mapping.
    private readonly List<string> _rawColumns = [];
    // What validation reads: read_csv(...) itself for CSV (one pass, nothing materialized before it), else stg_raw.
    private string _sourceSql = "stg_raw";
    private bool _readsCsv;
    // A staged row's line number, over stg_vt (alias t): CSV rows take their file position from the table's rowid.
    private string _lineSql = "t.rowid + 2";
    private string? _sourceLineSql;
    private string _errorSql = "NULL::VARCHAR";
    private string? _textSql;
    // Staged identifier columns (id_0, id_1, …) holding at least one value among the accepted rows.
    private readonly HashSet<string> _filledIdColumns = [];

    private readonly Task<string> _contentHash;
    // Retry of a batch's quarantined rows: only those lines are read again, and the results are booked to that batch.
    private readonly long? _retryBatch;

    // CSV and JSON Lines: what the reader reads (a UTF-8 copy when the file is in another encoding) and the delimiter.
    private CsvDialect? _dialect;
    private string _delimiter = ",";
    // DuckDB's parallel CSV scanner refuses quoted newlines together with null_padding; such a file is read serially.
    private bool _serialScan;

    // Lines over the reader's limit, when the file had to be read from a copy without them (OversizeLines).
    private const int MaxLineBytes = 4_000_000;
    private IReadOnlyList<OversizeLine>? _oversize;
    private string? _oversizeCopy;

    /// <param name="contentHash">The file's SHA-256 (from <see cref="ContentHashes"/>), computed ahead of its turn.</param>
    /// <param name="retryBatch">Re-read only the rows of this batch's file that are in quarantine (see <see cref="QuarantineRetry"/>).</param>
    public FileIngestion(DuckDBConnection connection, JourneyStore store, string file, SourceMapping mapping, IProgress<IngestProgress>? progress,
        Task<string> contentHash, CancellationToken ct, long? retryBatch = null)
    {
        _retryBatch = retryBatch;
        _contentHash = contentHash;
        _connection = connection;
        _store = store;
        _file = Path.GetFullPath(file);
        _mapping = mapping;
        _format = mapping.ResolveFormat(file);
        _progress = progress;
        _ct = ct;
    }

    public async Task<IngestFileResult> RunAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        if (!File.Exists(_file))
        {
            throw new FileNotFoundException($"Input file {_file} does not exist.", _file);
        }

        var contentHash = await _contentHash.WaitAsync(_ct);
        var prior = await _connection.QueryAsync(
            "SELECT batch_id, input_rows, accepted, duplicates, rejected FROM ingest_batches WHERE content_hash = $h AND mapping = $m AND finished_at IS NOT NULL ORDER BY batch_id LIMIT 1",
            _ct, ("h", contentHash), ("m", _mapping.Name));
        if (prior.Count == 1 && _retryBatch is null)
        {
            // Same bytes through the same mapping: every accepted row is already stored, every rejected row already quarantined.
            var p = prior[0];
            var rejectedBefore = Convert.ToInt64(p[4], CultureInfo.InvariantCulture);
            var input = Convert.ToInt64(p[1], CultureInfo.InvariantCulture);
            return new IngestFileResult(_file, _mapping.Name, _format, Convert.ToInt64(p[0], CultureInfo.InvariantCulture),
                input, 0, input - rejectedBefore, rejectedBefore, true, [], stopwatch.Elapsed);
        }

        try
        {
            Report("read");
            await PrepareSourceAsync();
            // All staging (validation, de-duplication, hashing, node ids) is built and committed before the transaction opens:
            // a table created inside an open transaction lives in transaction-local storage, and reading it back there measured
            // 2-3x slower. The transaction then holds only the writes to the store's tables, so atomicity is unchanged: staging
            // is session-private and dropped whatever happens.
            var staged = await StageAsync();
            await _connection.ExecuteAsync("BEGIN TRANSACTION", _ct);
            IngestFileResult result;
            try
            {
                result = await WriteAsync(contentHash, staged, stopwatch);
                Report("commit");
                await _connection.ExecuteAsync("COMMIT", _ct);
            }
            catch
            {
                await _connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
                throw;
            }

            return result with { Duration = stopwatch.Elapsed };
        }
        finally
        {
            await _connection.ExecuteAsync("RESET preserve_insertion_order", CancellationToken.None);
            await DropStagingAsync();
            _dialect?.DeleteCopy();
            if (_oversizeCopy is not null)
            {
                File.Delete(_oversizeCopy);
            }
        }
    }

    /// <summary>What staging found out about the file, for the writes that follow.</summary>
    private sealed record Staged(long Rows, long ReaderRejects, long EventKeyBase, bool HasIdentifiers, NameLookups Names,
        IReadOnlyList<CustomName> Customs, NameLookups CustomLookups);

    /// <summary>Builds every staging table (outside the write transaction): validated rows, the accepted view, zone hours, identifier nodes.</summary>
    private async Task<Staged> StageAsync()
    {
        Report("validate");
        var lookups = await NameLookupsAsync();
        var validation = ValidationSql(lookups);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ValidateAsync(validation);
                break;
            }
            catch (DuckDBException e) when (attempt < 2 && _readsCsv && !_serialScan && e.Message.Contains("null_padding", StringComparison.Ordinal))
            {
                _serialScan = true;
            }
            catch (DuckDBException e) when (attempt < 2 && _readsCsv && _oversize is null && e.Message.Contains("Invalid unicode", StringComparison.Ordinal))
            {
                // A line over max_line_size cut inside a character: read a copy with such lines replaced (OversizeLines).
                _oversizeCopy = Path.Combine(Path.GetTempPath(), $"journey-ingest-{Guid.NewGuid():N}.csv");
                _oversize = OversizeLines.CopyWithMarkers(_dialect!.ReadPath, _oversizeCopy, MaxLineBytes, string.Concat(Enumerable.Repeat(_delimiter, _rawColumns.Count + 1)));
            }

            _sourceSql = CsvReadSql();
            foreach (var table in new[] { "stg_vt", "stg_rej", "stg_rej_scan" })
            {
                await _connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}", _ct);
            }

            validation = ValidationSql(lookups);
        }

        if (_oversize is { Count: > 0 })
        {
            await _connection.ExecuteAsync("CREATE TEMP TABLE stg_oversize(line BIGINT, bytes BIGINT, prefix VARCHAR)", _ct);
            using var appender = _connection.CreateAppender("stg_oversize");
            foreach (var o in _oversize)
            {
                appender.CreateRow().AppendValue(o.Line).AppendValue(o.Bytes).AppendValue(o.Prefix).EndRow();
            }
        }

        // Staging is committed outside any transaction, so stg_vt's rowids follow the file (insertion order is preserved up
        // to here) and become line numbers; later steps may write in any order, which lets DuckDB parallelize inserts.
        await _connection.ExecuteAsync("SET preserve_insertion_order = false", _ct);
        // JSON Lines and Parquet staged a raw copy; rejected rows carried their raw form out of validation, so it can go now.
        await _connection.ExecuteAsync("DROP TABLE IF EXISTS stg_raw", _ct);
        var readerRejects = await ReaderRejectsAsync();
        // The retried lines are copied: the batch's quarantine rows are deleted before staging is read for the last time.
        var retryFilter = _retryBatch is null ? "" : $" WHERE {_lineSql} IN (SELECT line_number FROM stg_retry_lines)";
        await _connection.ExecuteAsync($"CREATE TEMP VIEW stg_v AS SELECT t.rowid AS rid, {_lineSql} AS line, t.* FROM stg_vt t{retryFilter}", _ct);
        var staged = await _connection.ScalarAsync<long>(_retryBatch is null ? "SELECT count(*) FROM stg_vt" : "SELECT count(*) FROM stg_v", _ct);
        // Names that matched nothing become custom entries (unless the mapping keeps its vocabulary closed).
        var customs = _mapping.RejectsUnknownNames ? [] : await CustomNameStaging.FindAsync(_connection, lookups, _store.Dictionary, _ct);

        Report("dedupe");
        var eventKeyBase = await _connection.ScalarAsync<long>("SELECT coalesce(max(event_key), 0) FROM touchpoint_events", _ct);
        // Duplicates inside the file: keep the first line of each (source, event_id). Grouping a 64-bit hash of the key finds
        // the few candidates at about half the cost of grouping the two strings; the exact grouping then sees only those rows
        // (so a hash collision costs nothing but a candidate).
        await _connection.ExecuteAsync("""
            CREATE TEMP TABLE stg_dup AS
            WITH repeated AS (SELECT hash(source, event_id) AS h FROM stg_v WHERE reason IS NULL GROUP BY 1 HAVING count(*) > 1)
            SELECT source, event_id, min(line) AS keep FROM stg_v
            WHERE reason IS NULL AND hash(source, event_id) IN (SELECT h FROM repeated)
            GROUP BY source, event_id HAVING count(*) > 1
            """, _ct);
        var fileHasDuplicates = await _connection.ScalarAsync<long>("SELECT count(*) FROM stg_dup", _ct) > 0;
        // Against the store: only sources already present can collide, so a fresh source skips the anti-join.
        var storeHasSource = await _connection.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT 1 FROM touchpoint_events WHERE source IN (SELECT DISTINCT source FROM stg_v WHERE reason IS NULL) LIMIT 1)", _ct) > 0;
        // Rows to skip: later copies inside the file, and events the store already holds (anti-join only for known sources).
        await _connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_drop AS
            SELECT v.line FROM stg_v v JOIN stg_dup d ON d.source = v.source AND d.event_id = v.event_id AND d.keep <> v.line
            WHERE v.reason IS NULL AND {(fileHasDuplicates ? "true" : "false")}
            UNION
            SELECT v.line FROM stg_v v
            WHERE v.reason IS NULL AND {(storeHasSource ? "true" : "false")}
              AND EXISTS (SELECT 1 FROM touchpoint_events t WHERE t.source = v.source AND t.event_id = v.event_id)
            """, _ct);
        var dropped = await _connection.ScalarAsync<long>("SELECT count(*) FROM stg_drop", _ct);
        await _connection.ExecuteAsync($"""
            CREATE TEMP VIEW stg_ok AS
            SELECT {eventKeyBase} + line AS event_key, * FROM stg_v
            WHERE reason IS NULL {(dropped > 0 ? "AND line NOT IN (SELECT line FROM stg_drop)" : "")}
            """, _ct);

        // Reporting-zone columns are computed once here, so analysis queries never convert zones per row. ICU's timezone()
        // costs ~1 µs a row, so it runs once per distinct UTC hour: an hour whose offset is the same at its first and last
        // second takes that offset (integer arithmetic per row); the rare hour holding a mid-hour transition converts per row.
        // With a whole-hour offset the local date/hour/week/month are the same for the whole hour, so they come from the
        // hour table too (strftime per row was the other big cost).
        var zone = QuoteLiteral(_store.Options.ReportingTimeZone);
        await _connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_zone_hours AS
            SELECT hk, off, uniform, whole, {LocalPartsSql("lh", "")} FROM (
                SELECT hk, off_start AS off, off_start = off_end AS uniform, off_start = off_end AND off_start % 3600000000 = 0 AS whole,
                       make_timestamp(hk * 3600000000 + off_start) AS lh
                FROM (
                    SELECT hk, epoch_us(timezone({zone}, to_timestamp(hk * 3600))) - hk * 3600000000 AS off_start,
                           epoch_us(timezone({zone}, to_timestamp(hk * 3600 + 3599))) - (hk * 3600 + 3599) * 1000000 AS off_end
                    FROM (SELECT DISTINCT epoch_us(occurred_at) // 3600000000 AS hk FROM stg_ok)))
            """, _ct);

        Report("hash");
        var hasIdentifiers = await StageIdentifiersAsync();
        return new Staged(staged, readerRejects, eventKeyBase, hasIdentifiers, lookups, customs, CustomNameStaging.Lookups(customs, _store.Dictionary));
    }

    /// <summary>The batch's accepted rows on custom (unmapped) names, and those names, for the ingest report.</summary>
    private async Task<(long Rows, IReadOnlyList<UnmappedName> Names)> UnmappedAsync(long batchId)
    {
        const string custom = "'" + CustomNames.Prefix + "%'";
        var rows = await _connection.ScalarAsync<long>(
            $"SELECT count(*) FROM touchpoint_events WHERE batch_id = $b AND (event LIKE {custom} OR channel LIKE {custom} OR touchpoint LIKE {custom})",
            _ct, ("b", batchId));
        if (rows == 0)
        {
            return (0, []);
        }

        var names = await _connection.QueryAsync($"""
            SELECT kind, id, count(*) AS n FROM (
                SELECT 'event' AS kind, event AS id FROM touchpoint_events WHERE batch_id = $b AND event LIKE {custom}
                UNION ALL SELECT 'channel', channel FROM touchpoint_events WHERE batch_id = $b AND channel LIKE {custom}
                UNION ALL SELECT 'touchpoint', touchpoint FROM touchpoint_events WHERE batch_id = $b AND touchpoint LIKE {custom})
            GROUP BY ALL ORDER BY n DESC, id
            """, _ct, ("b", batchId));
        return (rows, names.Select(r => new UnmappedName((string)r[0]!, (string)r[1]!, CustomNames.NameOf((string)r[1]!), Convert.ToInt64(r[2], CultureInfo.InvariantCulture))).ToList());
    }

    /// <summary>Runs the validation statement (under DuckDB's profiler when JOURNEY_PROFILE_DIR is set, for benchmarks).</summary>
    private async Task ValidateAsync(string validation)
    {
        if (Environment.GetEnvironmentVariable("JOURNEY_PROFILE_DIR") is { Length: > 0 } profileDir)
        {
            // Diagnostics for benchmarks: DuckDB's operator timings of the validation query.
            await _connection.ExecuteAsync($"SET enable_profiling = 'query_tree'; SET profiling_output = {QuoteLiteral(Path.Combine(profileDir, Path.GetFileName(_file) + ".validate.txt"))}", _ct);
            await _connection.ExecuteAsync(validation, _ct, PiiKeyParameters(validation));
            await _connection.ExecuteAsync("RESET enable_profiling", _ct);
        }
        else
        {
            await _connection.ExecuteAsync(validation, _ct, PiiKeyParameters(validation));
        }
    }

    /// <summary>The store writes of one file, inside its transaction: batch row, quarantine, events, identities, event identifiers.</summary>
    private async Task<IngestFileResult> WriteAsync(string contentHash, Staged staged, Stopwatch stopwatch)
    {
        var readerRejects = staged.ReaderRejects;
        long batchId;
        if (_retryBatch is { } retry)
        {
            // The retried rows leave the quarantine; those still failing are written back below with today's reason.
            batchId = retry;
            await _connection.ExecuteAsync("DELETE FROM quarantine WHERE batch_id = $b", _ct, ("b", batchId));
        }
        else
        {
            batchId = await _connection.ScalarAsync<long>("SELECT coalesce(max(batch_id), 0) + 1 FROM ingest_batches", _ct);
            await _connection.ExecuteAsync(
                "INSERT INTO ingest_batches (batch_id, file_name, content_hash, mapping, format, source, started_at) VALUES ($b, $f, $h, $m, $fmt, $s, now())",
                _ct, ("b", batchId), ("f", _file), ("h", contentHash), ("m", _mapping.Name), ("fmt", _format), ("s", _mapping.Source));
        }

        await CustomNameStaging.WriteAsync(_connection, batchId, staged.Customs, _ct);

        Report("quarantine");
        await _connection.ExecuteAsync("""
            INSERT INTO quarantine
            SELECT $b, $f, v.line, v.reason_code, v.reason, v.raw_row FROM stg_v v WHERE v.reason IS NOT NULL
            """, _ct, ("b", batchId), ("f", _file));
        if (readerRejects > 0)
        {
            const string tooLong = "error_type = 'LINE SIZE OVER MAXIMUM'";
            await _connection.ExecuteAsync($"""
                INSERT INTO quarantine
                SELECT $b, $f, line,
                       CASE WHEN {tooLong} THEN 'line_too_long' ELSE 'malformed_row' END,
                       CASE WHEN {tooLong} THEN 'line longer than {MaxLineBytes:N0} bytes / 行超过 4 MB' ELSE 'malformed row: ' || lower(error_type) END,
                       {Masking.MaskTextSql(PiiScreen.MaskTextSql(MalformedLineSql()))}
                FROM stg_rej_lines
                """, _ct, ("b", batchId), ("f", _file));
        }

        if (_oversize is { Count: > 0 })
        {
            // Lines replaced in the copy (OversizeLines) were rejected as whatever their stand-in was: say what they really were.
            await _connection.ExecuteAsync($"""
                UPDATE quarantine q SET reason_code = 'line_too_long',
                    reason = 'line longer than {MaxLineBytes:N0} bytes (' || o.bytes || ' bytes) / 行超过 4 MB',
                    raw_row = {Masking.MaskTextSql(PiiScreen.MaskTextSql("o.prefix"))}
                FROM stg_oversize o WHERE q.batch_id = $b AND q.line_number = o.line
                """, _ct, ("b", batchId));
        }

        Report("events");
        var zone = QuoteLiteral(_store.Options.ReportingTimeZone);
        var derived = LocalPartsSql("lt", "whole");
        await _connection.ExecuteAsync($"""
            INSERT INTO touchpoint_events (event_key, source, event_id, occurred_at, event, stage, channel, touchpoint,
                                           channel_kind, touchpoint_order, stage_order, is_conversion, person_id, amount, region,
                                           campaign, properties, batch_id, local_time, local_date, local_hour, iso_week, week_start, month_start)
            SELECT x.event_key, x.source, x.event_id, x.occurred_at, {DictionaryColumnsSql(staged.Names, staged.CustomLookups, "x")},
                   NULL, x.amount, x.region, x.campaign, x.properties, $b, x.lt, {derived}
            FROM (
                SELECT s.*, h.whole, h.local_date, h.local_hour, h.iso_week, h.week_start, h.month_start,
                       make_timestamp(epoch_us(s.occurred_at)
                           + CASE WHEN h.uniform THEN h.off ELSE epoch_us(timezone({zone}, s.occurred_at)) - epoch_us(s.occurred_at) END) AS lt
                FROM stg_ok s JOIN stg_zone_hours h ON h.hk = epoch_us(s.occurred_at) // 3600000000) x
            """, _ct, ("b", batchId));

        Report("identifiers");
        if (staged.HasIdentifiers)
        {
            await WriteIdentifiersAsync(batchId);
        }

        var counts = await _connection.QueryAsync("""
            SELECT count(*) FILTER (WHERE reason IS NOT NULL), count(*) FILTER (WHERE reason IS NULL), (SELECT count(*) FROM stg_ok)
            FROM stg_v
            """, _ct);
        var rejected = Convert.ToInt64(counts[0][0], CultureInfo.InvariantCulture) + readerRejects;
        var valid = Convert.ToInt64(counts[0][1], CultureInfo.InvariantCulture);
        var accepted = Convert.ToInt64(counts[0][2], CultureInfo.InvariantCulture);
        var duplicates = valid - accepted;
        var inputRows = staged.Rows + readerRejects;
        Debug.Assert(accepted + duplicates + rejected == inputRows);

        var rejections = (await _connection.QueryAsync("""
            SELECT reason_code, min(reason), count(*) FROM quarantine WHERE batch_id = $b GROUP BY reason_code ORDER BY count(*) DESC, reason_code
            """, _ct, ("b", batchId)))
            .Select(r => new RejectionCount((string)r[0]!, (string)r[1]!, Convert.ToInt64(r[2], CultureInfo.InvariantCulture)))
            .ToList();

        // A retry moves rows between the batch's own counts, so its input stays what the file held.
        await _connection.ExecuteAsync(_retryBatch is null
            ? "UPDATE ingest_batches SET input_rows = $i, accepted = $a, duplicates = $d, rejected = $r, finished_at = now() WHERE batch_id = $b"
            : "UPDATE ingest_batches SET accepted = accepted + $a, duplicates = duplicates + $d, rejected = rejected - $i + $r, finished_at = now() WHERE batch_id = $b",
            _ct, ("i", inputRows), ("a", accepted), ("d", duplicates), ("r", rejected), ("b", batchId));
        var (unmappedRows, unmapped) = await UnmappedAsync(batchId);
        return new IngestFileResult(_file, _mapping.Name, _format, batchId, inputRows, accepted, duplicates, rejected, false, rejections, stopwatch.Elapsed)
        {
            Screened = await PiiScreen.CountsAsync(_connection, "stg_ok", _ct),
            UnmappedRows = unmappedRows,
            Unmapped = unmapped,
        };
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /// <summary>Sets what validation reads: for CSV the native reader itself (all VARCHAR, columns from the header); JSON Lines
    /// and Parquet are first staged into stg_raw with their own line numbers.</summary>
    private async Task PrepareSourceAsync()
    {
        var path = QuoteLiteral(_file);
        switch (_format)
        {
            case "csv":
            {
                _dialect = CsvDialect.Open(_file, _mapping);
                _delimiter = _dialect.Delimiter;
                var header = _dialect.Header;
                if (header.Count == 0)
                {
                    await _connection.ExecuteAsync("CREATE TEMP TABLE stg_raw(dummy VARCHAR)", _ct);
                    return;
                }

                _rawColumns.AddRange(header);
                _readsCsv = true;
                _sourceSql = CsvReadSql();
                return;
            }

            case "jsonl":
            {
                _dialect = CsvDialect.Open(_file, _mapping, hasHeader: false);
                path = QuoteLiteral(_dialect.ReadPath);
                await _connection.ExecuteAsync($"""
                    CREATE TEMP TABLE stg_lines AS
                    SELECT line FROM read_csv({path}, columns = {"{'line': 'VARCHAR'}"}, auto_detect = false, header = false,
                        delim = E'\x1F', quote = '', escape = '', max_line_size = 4000000)
                    """, _ct);
                var keys = (await _connection.QueryAsync("""
                    SELECT k FROM (
                        SELECT unnest(json_keys(line)) AS k, rowid AS r FROM stg_lines
                        WHERE json_valid(line) AND CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' END)
                    GROUP BY k ORDER BY min(r), k
                    """, _ct)).Select(r => (string)r[0]!).ToList();
                _rawColumns.AddRange(keys);
                var paths = "[" + string.Join(", ", keys.Select(k => QuoteLiteral("$.\"" + k.Replace("\"", "\\\"") + "\""))) + "]";
                var extracted = keys.Count == 0
                    ? ""
                    : ", " + string.Join(", ", keys.Select((k, i) => $"CASE WHEN ok THEN vals[{i + 1}] END AS {QuoteIdentifier(k)}"));
                var valuesSql = keys.Count == 0 ? "NULL" : $"CASE WHEN ok THEN json_extract_string(line, {paths}) END";
                await _connection.ExecuteAsync($"""
                    CREATE TEMP TABLE stg_raw AS
                    SELECT n AS __line, CASE WHEN ok THEN NULL ELSE 'invalid JSON line' END AS __error, line AS __text{extracted}
                    FROM (
                        SELECT *, {valuesSql} AS vals FROM (
                            SELECT rowid + 1 AS n, line, coalesce(json_valid(line) AND CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' END, false) AS ok
                            FROM stg_lines)
                        WHERE trim(line) <> '')
                    ORDER BY n
                    """, _ct);
                await _connection.ExecuteAsync("DROP TABLE stg_lines", _ct);
                _sourceLineSql = "r.__line";
                _errorSql = "r.__error";
                _textSql = "r.__text";
                return;
            }

            case "parquet":
            {
                await _connection.ExecuteAsync($"""
                    CREATE TEMP TABLE stg_raw AS
                    SELECT file_row_number + 1 AS __line, COLUMNS(c -> c <> 'file_row_number')::VARCHAR
                    FROM read_parquet({path}, file_row_number = true)
                    ORDER BY file_row_number
                    """, _ct);
                var columns = await _connection.QueryAsync("SELECT column_name FROM (DESCRIBE stg_raw)", _ct);
                _rawColumns.AddRange(columns.Select(c => (string)c[0]!).Where(c => c != "__line"));
                _sourceLineSql = "r.__line";
                return;
            }

            default:
                throw new InvalidDataException($"Unsupported format '{_format}' for {_file} (csv, jsonl or parquet).");
        }
    }

    /// <summary>The CSV reader over the file (all VARCHAR, columns from the header), read by the validation statement itself:
    /// materializing the raw strings first cost as much as parsing them. 8 MB buffers instead of the default 16 x max_line_size
    /// (64 MB): buffers that large are mapped fresh from the OS and page-faulted in for every one read (815 MB file: 77 K ->
    /// 14-21 K page faults, 1.45 s -> 1.3 s).</summary>
    private string CsvReadSql()
    {
        var columns = "{" + string.Join(", ", _rawColumns.Select(h => $"{QuoteLiteral(h)}: 'VARCHAR'")) + "}";
        return $"""
            read_csv({QuoteLiteral(_oversizeCopy ?? _dialect!.ReadPath)}, columns = {columns}, auto_detect = false, header = true,
                delim = {QuoteLiteral(_delimiter)}, quote = '"', escape = '"', null_padding = true,{(_serialScan ? " parallel = false," : "")}
                store_rejects = true, rejects_table = 'stg_rej', rejects_scan = 'stg_rej_scan', max_line_size = {MaxLineBytes}, buffer_size = 8000000)
            """;
    }

    /// <summary>Rows the CSV reader could not split (found while validation read the file); sets how staged rows get their line numbers.</summary>
    private async Task<long> ReaderRejectsAsync()
    {
        if (_sourceLineSql is not null)
        {
            _lineSql = "t.src_line";
            return 0;
        }

        if (!_readsCsv)
        {
            return 0;
        }

        await _connection.ExecuteAsync("""
            CREATE TEMP TABLE stg_rej_lines AS
            SELECT line, min(error_type) AS error_type, any_value(csv_line) AS csv_line FROM stg_rej GROUP BY line
            """, _ct);

        var rejects = await _connection.ScalarAsync<long>("SELECT count(*) FROM stg_rej_lines", _ct);
        if (rejects > 0)
        {
            // Rows the reader skipped shift the line numbers of the rows after them.
            await _connection.ExecuteAsync("""
                CREATE TEMP TABLE stg_shift AS
                SELECT line - 2 - (row_number() OVER (ORDER BY line) - 1) AS g FROM stg_rej_lines
                """, _ct);
            _lineSql = "t.rowid + 2 + (SELECT count(*) FROM stg_shift s WHERE s.g <= t.rowid)";
        }

        if (_retryBatch is { } retryOf)
        {
            await _connection.ExecuteAsync($"CREATE TEMP TABLE stg_retry_lines AS SELECT line_number FROM quarantine WHERE batch_id = {retryOf}", _ct);
        }

        if (_retryBatch is not null && rejects > 0)
        {
            // Line numbers above needed every reader reject; a retry re-books only those that were in quarantine.
            await _connection.ExecuteAsync("DELETE FROM stg_rej_lines WHERE line NOT IN (SELECT line_number FROM stg_retry_lines)", _ct);
            rejects = await _connection.ScalarAsync<long>("SELECT count(*) FROM stg_rej_lines", _ct);
        }

        return rejects;
    }

    // ---- column resolution ----------------------------------------------------------------------------------------

    private string? RawColumn(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return _rawColumns.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.Ordinal))
            ?? _rawColumns.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The raw column feeding a canonical column (mapping columns, else the canonical name itself).</summary>
    private string? SourceColumnOf(string canonical)
    {
        if (_mapping.Columns.TryGetValue(canonical, out var mapped))
        {
            return RawColumn(mapped);
        }

        return RawColumn(canonical);
    }

    private string? ConstantOf(string canonical)
    {
        if (canonical == "source" && !string.IsNullOrWhiteSpace(_mapping.Source))
        {
            return _mapping.Source;
        }

        return _mapping.Constants.TryGetValue(canonical, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }

    /// <summary>SQL for a canonical column: the mapped raw value when non-empty, else the constant; NULL when neither exists.</summary>
    private string ValueSql(string canonical)
    {
        var column = SourceColumnOf(canonical);
        var constant = ConstantOf(canonical);
        // No trim here (it copies every string); names are trimmed once per distinct value in the lookups, identifiers in their own step.
        var raw = column is null ? null : $"nullif(r.{QuoteIdentifier(column)}, '')";
        return (raw, constant) switch
        {
            (null, null) => "NULL::VARCHAR",
            (null, _) => QuoteLiteral(constant),
            (_, null) => raw,
            _ => $"coalesce({raw}, {QuoteLiteral(constant)})",
        };
    }

    private string TimestampColumn() =>
        _mapping.Timestamp.Column ?? (_mapping.Columns.TryGetValue("occurred_at", out var c) ? c : "occurred_at");

    /// <summary>(raw column, identifier type) pairs, in a stable order.</summary>
    private List<(string Column, string Type)> IdentifierColumns()
    {
        var result = new List<(string, string)>();
        foreach (var (column, type) in _mapping.Identifiers)
        {
            var raw = RawColumn(column);
            if (raw is not null)
            {
                result.Add((raw, type));
            }
        }

        foreach (var type in StoreSchema.IdentifierTypes)
        {
            var raw = SourceColumnOf(type);
            if (raw is not null && !result.Contains((raw, type)))
            {
                result.Add((raw, type));
            }
        }

        return result;
    }

    /// <summary>Raw columns that go into properties: the mapping's list plus every column nothing else uses (dropped ones never).</summary>
    private List<string> ExtraColumns()
    {
        var drop = new HashSet<string>(_mapping.Drop, StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var canonical in SourceMapping.CanonicalColumns.Append("region").Append("campaign"))
        {
            if (SourceColumnOf(canonical) is { } c)
            {
                used.Add(c);
            }
        }

        foreach (var (column, _) in IdentifierColumns())
        {
            used.Add(column);
        }

        if (RawColumn(TimestampColumn()) is { } ts)
        {
            used.Add(ts);
        }

        var listed = _mapping.Properties.Select(RawColumn).OfType<string>();
        var unmapped = _rawColumns.Where(c => !used.Contains(c));
        return listed.Concat(unmapped).Where(c => !drop.Contains(c)).Distinct(StringComparer.Ordinal).ToList();
    }

    // ---- validation -----------------------------------------------------------------------------------------------

    private async Task CreateAliasMapAsync()
    {
        var (from, to) = JourneyDictionary.WidthFolding();
        await _connection.ExecuteAsync(
            $"CREATE OR REPLACE TEMP MACRO ja_norm(x) AS lower(trim(translate(x, {QuoteLiteral(from)}, {QuoteLiteral(to)})))", _ct);

        var rows = new List<string>();
        void Add(string kind, Dictionary<string, string> aliases)
        {
            foreach (var (alias, target) in aliases)
            {
                // A mapping alias may point at a canonical id or at a dictionary alias; resolve it to the id here.
                var id = _store.Dictionary.Resolve(kind, target)?.Id ?? target;
                rows.Add($"({QuoteLiteral(kind)}, {QuoteLiteral(JourneyDictionary.Normalize(alias))}, {QuoteLiteral(id)}, 1)");
            }
        }

        Add(DictionaryKind.Event, _mapping.EventAliases);
        Add(DictionaryKind.Channel, _mapping.ChannelAliases);
        Add(DictionaryKind.Touchpoint, _mapping.TouchpointAliases);
        Add(DictionaryKind.Stage, _mapping.StageAliases);
        var mappingRows = rows.Count == 0 ? "" : $"UNION ALL SELECT * FROM (VALUES {string.Join(", ", rows)}) m(kind, alias, id, priority)";
        await _connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_alias AS
            SELECT kind, alias, arg_min(id, priority) AS id FROM (
                SELECT kind, alias, id, CASE WHEN alias = id THEN 3 ELSE 2 END AS priority FROM dict_aliases
                {mappingRows})
            GROUP BY kind, alias
            """, _ct);
    }

    /// <summary>The dictionary's name lookups for this file (aliases of the store plus the mapping's), as SQL expressions.</summary>
    private async Task<NameLookups> NameLookupsAsync()
    {
        await CreateAliasMapAsync();
        var rows = await _connection.QueryAsync("""
            SELECT a.kind, a.alias, a.id, de.stage, de.touchpoint, coalesce(de.is_conversion, false), es."order", et."order", dc.kind, ds."order", dt."order", dt.stage
            FROM stg_alias a
            LEFT JOIN dict_events de ON a.kind = 'event' AND de.id = a.id
            LEFT JOIN dict_stages es ON es.id = de.stage LEFT JOIN dict_touchpoints et ON et.id = de.touchpoint
            LEFT JOIN dict_channels dc ON a.kind = 'channel' AND dc.id = a.id
            LEFT JOIN dict_stages ds ON a.kind = 'stage' AND ds.id = a.id
            LEFT JOIN dict_touchpoints dt ON a.kind = 'touchpoint' AND dt.id = a.id
            ORDER BY a.kind, a.alias
            """, _ct);
        return new NameLookups(rows);
    }

    /// <summary>A trailing UTC offset beyond ±14:00 (RE2): hours 15-99, or 14 with minutes.</summary>
    private const string OffsetBeyond14HoursPattern = @"[+-]((1[5-9]|[2-9]\d)(:?\d\d)?|14:?(0[1-9]|[1-5]\d))$";

    private string TimestampSql(string text)
    {
        var zone = QuoteLiteral(_mapping.Timestamp.Zone ?? _store.Options.DefaultSourceTimeZone);
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

    private string ValidationSql(NameLookups names)
    {
        var ids = IdentifierColumns();
        var extras = ExtraColumns();
        var tsColumn = RawColumn(TimestampColumn());
        var derivedId = SourceColumnOf("event_id") is null && _mapping.EventIdFrom.Count > 0;
        string eventIdSql;
        if (derivedId)
        {
            // Deterministic id from the listed columns, so re-sending the same raw row is a duplicate.
            var parts = _mapping.EventIdFrom.Select(c => RawColumn(c) is { } rc ? $"coalesce(r.{QuoteIdentifier(rc)}, '')" : "''");
            eventIdSql = $"left(sha256(concat_ws(chr(31), {string.Join(", ", parts)})), 32)";
        }
        else
        {
            eventIdSql = ValueSql("event_id");
        }

        var missing = new List<string>();
        if (!derivedId && SourceColumnOf("event_id") is null && ConstantOf("event_id") is null)
        {
            missing.Add("event_id");
        }

        if (tsColumn is null)
        {
            missing.Add(TimestampColumn());
        }

        foreach (var required in new[] { "source", "event", "channel" })
        {
            if (SourceColumnOf(required) is null && ConstantOf(required) is null)
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
        var rawCarried = _rawColumns.Select((c, i) => (Sql: $"r.{QuoteIdentifier(c)}", Name: $"__r{i}")).ToList();
        if (_textSql is not null)
        {
            rawCarried.Add((_textSql, "__rtext"));
        }

        var kept = _sourceLineSql is null ? [] : new List<(string Sql, string Name)> { (_sourceLineSql, "src_line") };
        var rawColumns = string.Concat(rawCarried.Concat(kept).Select(c => $", {c.Sql} AS {c.Name}"));
        var carried = string.Concat(rawCarried.Concat(kept).Select(c => $", q.{c.Name}"));
        var rawOnly = string.Concat(rawCarried.Select(c => $", {c.Name}"));
        return $"""
            CREATE TEMP TABLE stg_vt AS
            WITH p AS (
                SELECT {_errorSql} AS format_error, {missingSql} AS missing_columns,
                       {eventIdSql} AS event_id,
                       {(tsColumn is null ? "NULL::VARCHAR" : $"nullif({TrimSql($"r.{QuoteIdentifier(tsColumn)}")}, '')")} AS ts_text,
                       {ValueSql("source")} AS source, {ValueSql("channel")} AS channel_raw, {ValueSql("touchpoint")} AS touchpoint_raw,
                       {ValueSql("event")} AS event_raw, {ValueSql("stage")} AS stage_raw, {ValueSql("amount")} AS amount_raw,
                       {ValueSql("region")} AS region_raw, {ValueSql("campaign")} AS campaign_raw, {ValueSql("properties")} AS props_text,
                       {extrasSql} AS extras{idSelect}{rawColumns}
                FROM {_sourceSql} r),
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
            q AS (SELECT q1.*, {PiiScreen.EntriesSql(extras.Count > 0 || SourceColumnOf("properties") is not null, "q1.merged")} AS pii_e, {PiiScreen.HitsSql("pii_e")} AS pii_s, json_extract_string(q1.merged, ['$.region', '$.campaign']) AS picked,
                         {names.Code(DictionaryKind.Event, "q1.event_raw")} AS ev_code, {names.Code(DictionaryKind.Stage, "q1.stage_raw")} AS st_code,
                         {names.Code(DictionaryKind.Channel, "q1.channel_raw")} AS ch_code, {names.Code(DictionaryKind.Touchpoint, "q1.touchpoint_raw")} AS tp_code
                  FROM q1)
            SELECT v.* EXCLUDE (format_error, missing_columns, ts_text, event_raw, stage_raw, channel_raw, touchpoint_raw, amount_raw, pii_e{rawOnly}),
                   CASE v.reason_code
                       WHEN 'invalid_json' THEN CASE WHEN v.format_error IS NOT NULL THEN 'invalid JSON line' ELSE 'invalid JSON in properties' END
                       WHEN 'line_too_long' THEN 'line longer than {MaxLineBytes:N0} bytes / 行超过 4 MB'
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
                   CASE WHEN v.reason_code IS NOT NULL THEN {RawRowSql(i => $"v.__r{i}", "v.format_error", "v.__rtext")} END AS raw_row
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

    /// <summary>The dictionary's columns of a staged row (table alias <paramref name="row"/>) from its alias positions:
    /// event, stage, channel, touchpoint, then channel_kind, touchpoint_order, stage_order, is_conversion, so the insert joins nothing per row.</summary>
    private static string DictionaryColumnsSql(NameLookups names, NameLookups customs, string row)
    {
        // A custom name's attributes come from the custom lookups over its missed name; a file without misses gets the
        // same SQL as before custom names existed.
        string Either(string kind, string attribute, string code, string miss) => customs.IsEmpty
            ? names.Attribute(kind, attribute, code)
            : $"coalesce({names.Attribute(kind, attribute, code)}, {customs.Attribute(kind, attribute, customs.Code(kind, miss))})";
        string Event(string attribute) => Either(DictionaryKind.Event, attribute, $"{row}.ev_code", $"{row}.ev_miss");
        string Stage(string attribute) => names.Attribute(DictionaryKind.Stage, attribute, $"{row}.st_code");
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

    /// <summary>
    /// CSV rows whose fields add up to more than the line limit: DuckDB's reader does not always enforce max_line_size
    /// on a line it can split, so the limit is applied here too (strlen is the byte length kept in the string header: no scan).
    /// </summary>
    private string LineTooLongSql()
    {
        if (!_readsCsv || _rawColumns.Count == 0)
        {
            return "";
        }

        var total = string.Join(" + ", _rawColumns.Select((_, i) => $"coalesce(strlen(q.__r{i}), 0)"));
        return $"\n                       WHEN {total} > {MaxLineBytes} THEN 'line_too_long'";
    }

    /// <summary>The reason a name that matched nothing gives: none (it becomes a custom entry) unless it is unusable as a name
    /// (bad_name), or the mapping keeps its vocabulary closed (<paramref name="code"/>). The name test runs only on misses.</summary>
    private string UnknownNameSql(string missSql, string raw, string code) => _mapping.RejectsUnknownNames
        ? $"WHEN {missSql} THEN '{code}'"
        : $"WHEN (CASE WHEN {missSql} THEN {CustomNameStaging.BadNameSql(raw)} ELSE false END) THEN 'bad_name'";

    /// <summary>trim(<paramref name="value"/>) without its copy when there is nothing to trim: trim() removes space separators
    /// (Unicode Zs), whose only ASCII member is ' ', so an all-ASCII value not starting or ending with ' ' is returned as it is
    /// (0.58 s less per 4 M rows for three columns: the copy was most of trim's cost).</summary>
    internal static string TrimSql(string value) =>
        $"CASE WHEN starts_with({value}, ' ') OR ends_with({value}, ' ') OR strlen({value}) <> length({value}) THEN trim({value}) ELSE {value} END";

    /// <summary>The quarantined form of a raw row: JSON of its columns, identifier columns masked, dropped columns absent, phone-like text masked.</summary>
    private string RawRowSql(Func<int, string> column, string errorSql, string textSql)
    {
        var drop = new HashSet<string>(_mapping.Drop, StringComparer.OrdinalIgnoreCase);
        var idTypes = IdentifierColumns().GroupBy(c => c.Column).ToDictionary(g => g.Key, g => g.First().Type);
        var parts = new List<string>();
        foreach (var (name, index) in _rawColumns.Select((c, i) => (c, i)).Where(x => !drop.Contains(x.c)))
        {
            var value = column(index);
            if (idTypes.TryGetValue(name, out var type))
            {
                var normalized = type == "phone" ? Masking.NormalizePhoneSql($"trim({value})") : $"trim({value})";
                value = $"CASE WHEN nullif(trim({value}), '') IS NOT NULL THEN {Masking.MaskSql(type, normalized)} END";
            }

            parts.Add($"{QuoteLiteral(name)}, {value}");
        }

        var json = parts.Count == 0 ? "'{}'" : $"json_object({string.Join(", ", parts)})::VARCHAR";
        var row = _textSql is null ? json : $"CASE WHEN {errorSql} IS NOT NULL THEN {textSql} ELSE {json} END";
        return Masking.MaskTextSql(PiiScreen.MaskTextSql(row));
    }

    /// <summary>A line the CSV reader could not split: dropped columns are cut out by position (best effort, as the line is broken), the rest is masked.</summary>
    private string MalformedLineSql()
    {
        var drop = new HashSet<string>(_mapping.Drop, StringComparer.OrdinalIgnoreCase);
        var idColumns = IdentifierColumns().Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
        var hidden = _rawColumns.Select((c, i) => (c, i: i + 1)).Where(x => drop.Contains(x.c) || idColumns.Contains(x.c)).Select(x => x.i).ToList();
        if (hidden.Count == 0)
        {
            return "csv_line";
        }

        var delimiter = QuoteLiteral(_delimiter);
        // Identifier positions are blanked rather than removed so the remaining values keep their places.
        return $"array_to_string(list_transform(string_split(csv_line, {delimiter}), (x, i) -> CASE WHEN i IN ({string.Join(", ", hidden)}) THEN '****' ELSE x END), {delimiter})";
    }

    // ---- accepted rows, identifiers -------------------------------------------------------------------------------

    /// <summary>Per identifier type, the accepted rows' values (columns of one type side by side) as a query over staging;
    /// columns holding no value in this file are left out.</summary>
    private List<(string Type, string Rows, bool Several)> IdentifierRowsByType()
    {
        var filled = IdentifierColumns().Select((c, i) => (c.Type, Column: $"id_{i}")).Where(x => _filledIdColumns.Contains(x.Column)).ToList();
        // may_link: the row holds more than one identifier, so it may link them (placeholders, dropped later, still count:
        // a superset is safe). Stitching reads only these rows instead of grouping every event's identifiers to find them.
        var mayLink = filled.Count < 2 ? "false" : $"({string.Join(" + ", filled.Select(x => $"({x.Column} IS NOT NULL)::INTEGER"))}) > 1";
        return filled.GroupBy(x => x.Type)
            .Select(g => (g.Key, string.Join("\nUNION ALL\n", g.Select(x => $"SELECT event_key, occurred_at, {x.Column} AS v, {mayLink} AS may_link FROM stg_ok WHERE {x.Column} IS NOT NULL")),
                          g.Count() > 1))
            .ToList();
    }

    /// <summary>Distinct identifier values of the accepted rows with their keyed hash, mask and node id (known or next free); false when the file has no identifier value.</summary>
    private async Task<bool> StageIdentifiersAsync()
    {
        var ids = IdentifierColumns();
        if (ids.Count == 0)
        {
            return false;
        }

        // Exports carry every identifier column but fill only a few (an ad log has cookies and devices, no phones); each
        // column left in costs a scan of the accepted rows here and again for event_identifiers, so empty ones are dropped.
        var filled = (await _connection.QueryAsync(
            $"SELECT {string.Join(", ", ids.Select((_, i) => $"count(id_{i}) > 0"))} FROM stg_vt WHERE reason IS NULL", _ct))[0];
        for (var i = 0; i < ids.Count; i++)
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
        var byType = IdentifierRowsByType();
        var types = string.Join(" ", ids.Select(c => c.Type).Distinct().Select(t => $"WHEN {QuoteLiteral(t)} THEN {Masking.MaskSql(t, "v")}"));
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
            """, _ct, ("ipad", _store.PiiKey.InnerPad), ("opad", _store.PiiKey.OuterPad));

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
    private async Task WriteIdentifiersAsync(long batchId)
    {
        var byType = IdentifierRowsByType();
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

    /// <summary>local_date, local_hour, iso_week, week_start, month_start of a local TIMESTAMP; with <paramref name="fromHour"/>
    /// (a boolean column) each takes the hour table's value when it is true.</summary>
    private static string LocalPartsSql(string local, string fromHour)
    {
        (string Name, string Sql)[] parts =
        [
            ("local_date", $"CAST({local} AS DATE)"), ("local_hour", $"CAST(hour({local}) AS INTEGER)"),
            ("iso_week", $"strftime({local}, '%G-W%V')"), ("week_start", $"CAST(date_trunc('week', {local}) AS DATE)"),
            ("month_start", $"CAST(date_trunc('month', {local}) AS DATE)"),
        ];
        return string.Join(", ", parts.Select(p => fromHour.Length == 0
            ? $"{p.Sql} AS {p.Name}"
            : $"CASE WHEN {fromHour} THEN {p.Name} ELSE {p.Sql} END"));
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    /// <summary>The key's HMAC pads when <paramref name="sql"/> hashes (the PII screen does); DuckDB refuses parameters a statement does not use.</summary>
    private (string, object?)[] PiiKeyParameters(string sql) =>
        sql.Contains("$ipad", StringComparison.Ordinal) ? [("ipad", _store.PiiKey.InnerPad), ("opad", _store.PiiKey.OuterPad)] : [];

    private void Report(string step)
    {
        CrashPoint.Reach(step);
        _ct.ThrowIfCancellationRequested();
        _progress?.Report(new IngestProgress(_file, step));
    }

    private async Task DropStagingAsync()
    {
        await _connection.ExecuteAsync("DROP VIEW IF EXISTS stg_ok", CancellationToken.None);
        await _connection.ExecuteAsync("DROP VIEW IF EXISTS stg_v", CancellationToken.None);
        await _connection.ExecuteAsync("DROP VIEW IF EXISTS stg_node", CancellationToken.None);
        foreach (var table in new[] { "stg_raw", "stg_lines", "stg_rej", "stg_rej_scan", "stg_rej_lines", "stg_oversize", "stg_shift", "stg_alias", "stg_vt", "stg_dup", "stg_drop", "stg_idv", "stg_known", "stg_new", "stg_zone_hours", "stg_retry_lines" })
        {
            await _connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}", CancellationToken.None);
        }
    }

}
