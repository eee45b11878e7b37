using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Ingestion.Readers;
using JourneyAssistant.Store.Pii;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// Ingests one file, set-based in DuckDB: native reader feeding validation and alias resolution into
/// accepted vs quarantine, de-duplication by (source, event_id), keyed hashing of identifiers; then one transaction writes it all.
/// </summary>
internal sealed class FileIngestion
{
    private readonly DuckDBConnection _connection;
    private readonly JourneyStore _store;
    private readonly IProgress<IngestProgress>? _progress;
    private readonly string _file;
    private readonly SourceMapping _mapping;
    private readonly string _format;
    private readonly CancellationToken _ct;
    private readonly SourceReader _source;

    private readonly Task<string> _contentHash;
    // Retry of a batch's quarantined rows: only those lines are read again, and the results are booked to that batch.
    private readonly long? _retryBatch;

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
        _source = new SourceReader(connection, _file, _format, mapping, ct);
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
            await _source.PrepareAsync();
            // All staging (validation, de-duplication, hashing, node ids) is built and committed before the transaction opens:
            // a table created inside an open transaction lives in transaction-local storage, and reading it back there measured
            // 2-3x slower. The transaction then holds only the writes to the store's tables, so atomicity is unchanged: staging
            // is session-private and dropped whatever happens.
            var staged = await StageAsync(new MappedColumns(_mapping, _source.RawColumns));
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
            _source.DeleteCopies();
        }
    }

    /// <summary>What staging found out about the file, for the writes that follow.</summary>
    /// <param name="Identifiers">What writes the file's identifiers; null when its accepted rows hold none.</param>
    private sealed record Staged(long Rows, long ReaderRejects, long EventKeyBase, IdentifierStaging? Identifiers, NameLookups Names,
        IReadOnlyList<CustomName> Customs, NameLookups CustomLookups, QuarantineForm Quarantine);

    /// <summary>Builds every staging table (outside the write transaction): validated rows, the accepted view, zone hours, identifier nodes.</summary>
    private async Task<Staged> StageAsync(MappedColumns columns)
    {
        Report("validate");
        var lookups = await NameLookups.LoadAsync(_connection, _store.Dictionary, _mapping, _ct);
        var quarantine = new QuarantineForm(_mapping, columns, _source);
        var statement = new ValidationStatement(_source, columns, quarantine, _mapping, _store.Options.DefaultSourceTimeZone);
        var validation = statement.Build(lookups);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ValidateAsync(validation);
                break;
            }
            catch (DuckDBException e) when (attempt < 2 && _source.CanRecoverFrom(e))
            {
                _source.RecoverFrom(e);
            }

            foreach (var table in new[] { "stg_vt", "stg_rej", "stg_rej_scan" })
            {
                await _connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}", _ct);
            }

            validation = statement.Build(lookups);
        }

        await _source.StageOversizeLinesAsync();

        // Staging is committed outside any transaction, so stg_vt's rowids follow the file (insertion order is preserved up
        // to here) and become line numbers; later steps may write in any order, which lets DuckDB parallelize inserts.
        await _connection.ExecuteAsync("SET preserve_insertion_order = false", _ct);
        // JSON Lines and Parquet staged a raw copy; rejected rows carried their raw form out of validation, so it can go now.
        await _connection.ExecuteAsync("DROP TABLE IF EXISTS stg_raw", _ct);
        var readerRejects = await _source.ReaderRejectsAsync(_retryBatch);
        // The retried lines are copied: the batch's quarantine rows are deleted before staging is read for the last time.
        var retryFilter = _retryBatch is null ? "" : $" WHERE {_source.LineSql} IN (SELECT line_number FROM stg_retry_lines)";
        await _connection.ExecuteAsync($"CREATE TEMP VIEW stg_v AS SELECT t.rowid AS rid, {_source.LineSql} AS line, t.* FROM stg_vt t{retryFilter}", _ct);
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

        await ReportingZoneHours.StageAsync(_connection, _store.Options.ReportingTimeZone, _ct);

        Report("hash");
        var identifiers = new IdentifierStaging(_connection, _store.PiiKey, columns.IdentifierColumns(), _ct);
        var hasIdentifiers = await identifiers.StageAsync();
        return new Staged(staged, readerRejects, eventKeyBase, hasIdentifiers ? identifiers : null, lookups, customs,
            CustomNameStaging.Lookups(customs, _store.Dictionary), quarantine);
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
                       CASE WHEN {tooLong} THEN 'line longer than {SourceReader.MaxLineBytes:N0} bytes / 行超过 4 MB' ELSE 'malformed row: ' || lower(error_type) END,
                       {Masking.MaskTextSql(PiiScreen.MaskTextSql(staged.Quarantine.MalformedLineSql()))}
                FROM stg_rej_lines
                """, _ct, ("b", batchId), ("f", _file));
        }

        if (_source.HasOversizeLines)
        {
            // Lines replaced in the copy (OversizeLines) were rejected as whatever their stand-in was: say what they really were.
            await _connection.ExecuteAsync($"""
                UPDATE quarantine q SET reason_code = 'line_too_long',
                    reason = 'line longer than {SourceReader.MaxLineBytes:N0} bytes (' || o.bytes || ' bytes) / 行超过 4 MB',
                    raw_row = {Masking.MaskTextSql(PiiScreen.MaskTextSql("o.prefix"))}
                FROM stg_oversize o WHERE q.batch_id = $b AND q.line_number = o.line
                """, _ct, ("b", batchId));
        }

        Report("events");
        await _connection.ExecuteAsync($"""
            INSERT INTO touchpoint_events (event_key, source, event_id, occurred_at, event, stage, channel, touchpoint,
                                           channel_kind, touchpoint_order, stage_order, is_conversion, person_id, amount, region,
                                           campaign, properties, batch_id, local_time, local_date, local_hour, iso_week, week_start, month_start)
            SELECT x.event_key, x.source, x.event_id, x.occurred_at, {staged.Names.DictionaryColumnsSql(staged.CustomLookups, "x")},
                   NULL, x.amount, x.region, x.campaign, x.properties, $b, x.lt, {ReportingZoneHours.LocalColumnsSql}
            FROM ({ReportingZoneHours.AcceptedRowsSql(_store.Options.ReportingTimeZone)}) x
            """, _ct, ("b", batchId));

        Report("identifiers");
        if (staged.Identifiers is { } identifiers)
        {
            await identifiers.WriteAsync(batchId);
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
        var (unmappedRows, unmapped) = await CustomNameStaging.UnmappedAsync(_connection, batchId, _ct);
        return new IngestFileResult(_file, _mapping.Name, _format, batchId, inputRows, accepted, duplicates, rejected, false, rejections, stopwatch.Elapsed)
        {
            Screened = await PiiScreen.CountsAsync(_connection, "stg_ok", _ct),
            UnmappedRows = unmappedRows,
            Unmapped = unmapped,
        };
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
