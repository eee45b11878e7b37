using DuckDB.NET.Data;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion.Readers;

/// <summary>
/// What validation reads from one file, per format: the native CSV reader itself, or JSON Lines and Parquet staged into
/// stg_raw with their own line numbers; plus the raw columns found and how a staged row gets its line number.
/// </summary>
internal sealed class SourceReader
{
    /// <summary>The reader's line limit; longer lines are quarantined as line_too_long.</summary>
    public const int MaxLineBytes = 4_000_000;

    private readonly DuckDBConnection _connection;
    private readonly string _file;
    private readonly string _format;
    private readonly SourceMapping _mapping;
    private readonly CancellationToken _ct;
    private readonly List<string> _rawColumns = [];

    // CSV and JSON Lines: what the reader reads (a UTF-8 copy when the file is in another encoding).
    private CsvDialect? _dialect;
    // DuckDB's parallel CSV scanner refuses quoted newlines together with null_padding; such a file is read serially.
    private bool _serialScan;

    // Lines over the reader's limit, when the file had to be read from a copy without them (OversizeLines).
    private IReadOnlyList<OversizeLine>? _oversize;
    private string? _oversizeCopy;

    public SourceReader(DuckDBConnection connection, string file, string format, SourceMapping mapping, CancellationToken ct)
    {
        _connection = connection;
        _file = file;
        _format = format;
        _mapping = mapping;
        _ct = ct;
    }

    /// <summary>The file's columns, from the header (CSV), the keys seen (JSON Lines) or the schema (Parquet).</summary>
    public IReadOnlyList<string> RawColumns => _rawColumns;

    /// <summary>What validation reads: read_csv(...) itself for CSV (one pass, nothing materialized before it), else stg_raw.</summary>
    public string SourceSql { get; private set; } = "stg_raw";

    public bool ReadsCsv { get; private set; }

    /// <summary>A staged row's line number, over stg_vt (alias t): CSV rows take their file position from the table's rowid.</summary>
    public string LineSql { get; private set; } = "t.rowid + 2";

    /// <summary>The source's own line number of a raw row (alias r), for formats staged into stg_raw.</summary>
    public string? SourceLineSql { get; private set; }

    /// <summary>Why a raw row could not be read at all (a JSON line that is no object), else NULL.</summary>
    public string ErrorSql { get; private set; } = "NULL::VARCHAR";

    /// <summary>A raw row's text as read, for formats whose broken rows have no columns to show.</summary>
    public string? TextSql { get; private set; }

    public string Delimiter { get; private set; } = ",";

    /// <summary>True when lines over the limit were replaced in a copy and need their quarantine reason put right.</summary>
    public bool HasOversizeLines => _oversize is { Count: > 0 };

    /// <summary>Sets what validation reads: for CSV the native reader itself (all VARCHAR, columns from the header); JSON Lines
    /// and Parquet are first staged into stg_raw with their own line numbers.</summary>
    public async Task PrepareAsync()
    {
        switch (_format)
        {
            case "csv":
                await PrepareCsvAsync();
                return;
            case "jsonl":
                await StageJsonLinesAsync();
                return;
            case "parquet":
                await StageParquetAsync();
                return;
            default:
                throw new InvalidDataException($"Unsupported format '{_format}' for {_file} (csv, jsonl or parquet).");
        }
    }

    private async Task PrepareCsvAsync()
    {
        _dialect = CsvDialect.Open(_file, _mapping);
        Delimiter = _dialect.Delimiter;
        var header = _dialect.Header;
        if (header.Count == 0)
        {
            await _connection.ExecuteAsync("CREATE TEMP TABLE stg_raw(dummy VARCHAR)", _ct);
            return;
        }

        _rawColumns.AddRange(header);
        ReadsCsv = true;
        SourceSql = CsvReadSql();
    }

    private async Task StageJsonLinesAsync()
    {
        _dialect = CsvDialect.Open(_file, _mapping, hasHeader: false);
        var path = QuoteLiteral(_dialect.ReadPath);
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
        SourceLineSql = "r.__line";
        ErrorSql = "r.__error";
        TextSql = "r.__text";
    }

    private async Task StageParquetAsync()
    {
        await _connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_raw AS
            SELECT file_row_number + 1 AS __line, COLUMNS(c -> c <> 'file_row_number')::VARCHAR
            FROM read_parquet({QuoteLiteral(_file)}, file_row_number = true)
            ORDER BY file_row_number
            """, _ct);
        var columns = await _connection.QueryAsync("SELECT column_name FROM (DESCRIBE stg_raw)", _ct);
        _rawColumns.AddRange(columns.Select(c => (string)c[0]!).Where(c => c != "__line"));
        SourceLineSql = "r.__line";
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
                delim = {QuoteLiteral(Delimiter)}, quote = '"', escape = '"', null_padding = true,{(_serialScan ? " parallel = false," : "")}
                store_rejects = true, rejects_table = 'stg_rej', rejects_scan = 'stg_rej_scan', max_line_size = {MaxLineBytes}, buffer_size = 8000000)
            """;
    }

    /// <summary>True when the CSV reader failed in a way another reading of the file avoids (see <see cref="RecoverFrom"/>).</summary>
    public bool CanRecoverFrom(DuckDBException e) => RecoveryFor(e) != Recovery.None;

    /// <summary>Switches to the reading that avoids <paramref name="e"/>: a serial scan, or a copy without the oversize lines.</summary>
    public void RecoverFrom(DuckDBException e)
    {
        switch (RecoveryFor(e))
        {
            case Recovery.SerialScan:
                _serialScan = true;
                break;
            case Recovery.OversizeCopy:
                // A line over max_line_size cut inside a character: read a copy with such lines replaced (OversizeLines).
                _oversizeCopy = Path.Combine(Path.GetTempPath(), $"journey-ingest-{Guid.NewGuid():N}.csv");
                _oversize = OversizeLines.CopyWithMarkers(_dialect!.ReadPath, _oversizeCopy, MaxLineBytes, string.Concat(Enumerable.Repeat(Delimiter, _rawColumns.Count + 1)));
                break;
            default:
                throw new InvalidOperationException("No other reading avoids this error.", e);
        }

        SourceSql = CsvReadSql();
    }

    private enum Recovery
    {
        None,
        SerialScan,
        OversizeCopy,
    }

    private Recovery RecoveryFor(DuckDBException e)
    {
        if (!ReadsCsv)
        {
            return Recovery.None;
        }

        if (!_serialScan && e.Message.Contains("null_padding", StringComparison.Ordinal))
        {
            return Recovery.SerialScan;
        }

        return _oversize is null && e.Message.Contains("Invalid unicode", StringComparison.Ordinal) ? Recovery.OversizeCopy : Recovery.None;
    }

    /// <summary>Stages the lines replaced in the oversize copy (stg_oversize), when there are any.</summary>
    public async Task StageOversizeLinesAsync()
    {
        if (_oversize is not { Count: > 0 })
        {
            return;
        }

        await _connection.ExecuteAsync("CREATE TEMP TABLE stg_oversize(line BIGINT, bytes BIGINT, prefix VARCHAR)", _ct);
        using var appender = _connection.CreateAppender("stg_oversize");
        foreach (var o in _oversize)
        {
            appender.CreateRow().AppendValue(o.Line).AppendValue(o.Bytes).AppendValue(o.Prefix).EndRow();
        }
    }

    /// <summary>Rows the CSV reader could not split (found while validation read the file); sets how staged rows get their line numbers.</summary>
    /// <param name="retryBatch">The batch whose quarantined lines a retry re-reads (stg_retry_lines); only those rejects are re-booked.</param>
    public async Task<long> ReaderRejectsAsync(long? retryBatch)
    {
        if (SourceLineSql is not null)
        {
            LineSql = "t.src_line";
            return 0;
        }

        if (!ReadsCsv)
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
            LineSql = "t.rowid + 2 + (SELECT count(*) FROM stg_shift s WHERE s.g <= t.rowid)";
        }

        if (retryBatch is { } retryOf)
        {
            await _connection.ExecuteAsync($"CREATE TEMP TABLE stg_retry_lines AS SELECT line_number FROM quarantine WHERE batch_id = {retryOf}", _ct);
        }

        if (retryBatch is not null && rejects > 0)
        {
            // Line numbers above needed every reader reject; a retry re-books only those that were in quarantine.
            await _connection.ExecuteAsync("DELETE FROM stg_rej_lines WHERE line NOT IN (SELECT line_number FROM stg_retry_lines)", _ct);
            rejects = await _connection.ScalarAsync<long>("SELECT count(*) FROM stg_rej_lines", _ct);
        }

        return rejects;
    }

    /// <summary>Deletes the copies the file was read from (re-encoded, oversize lines replaced).</summary>
    public void DeleteCopies()
    {
        _dialect?.DeleteCopy();
        if (_oversizeCopy is not null)
        {
            File.Delete(_oversizeCopy);
        }
    }
}
