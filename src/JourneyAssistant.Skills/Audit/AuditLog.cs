using System.Security.Cryptography;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;

namespace JourneyAssistant.Skills.Audit;

/// <summary>How an execution ended.</summary>
public enum SkillOutcome
{
    Ok,
    Rejected,
    Failed,
    TimedOut,
}

/// <summary>Audit spelling of outcomes: ok / rejected / failed / timed_out.</summary>
public static class SkillOutcomes
{
    public static string Code(this SkillOutcome outcome) => outcome switch
    {
        SkillOutcome.Ok => "ok",
        SkillOutcome.Rejected => "rejected",
        SkillOutcome.TimedOut => "timed_out",
        _ => "failed",
    };
}

/// <summary>One execution as the audit log keeps it. <see cref="Id"/> is also the reference users quote.</summary>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset Time,
    string User,
    string Channel,
    string? Question,
    string? SkillId,
    int? SkillVersion,
    string Sql,
    string Parameters,
    long RowCount,
    double DurationMs,
    string Outcome,
    string? Error,
    string DataScope)
{
    /// <summary>A new short reference, e.g. "a3f9c2d17e".</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
}

/// <summary>Which audit records to list, newest first.</summary>
public sealed record AuditQuery(int Last = 50, string? User = null, string? Skill = null, string? Outcome = null);

/// <summary>The audit trail of every execution (ok, rejected, failed, timed out).</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    Task<AuditRecord?> FindAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// Audit log in its own DuckDB file, written through the executor's own connection: the guarded analysis instance
/// attaches only the store, so no query can read or write the audit trail. The connection stays open while records
/// keep coming and closes after a short idle time, so a burst of questions pays for one open, and another process
/// (`journey audit` next to a running bot) can read the file in between.
/// </summary>
public sealed class DuckDbAuditLog : IAuditLog, IDisposable
{
    private const string Columns = "id, logged_at, user_id, channel, question, skill_id, skill_version, sql, parameters, row_count, duration_ms, outcome, error, data_scope";
    /// <summary>How long to wait for another process that holds the audit file.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _idle;
    private readonly Timer _closer;
    private DuckDBConnection? _connection;
    private bool _created;

    public DuckDbAuditLog(string path, TimeSpan? idle = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _idle = idle ?? TimeSpan.FromSeconds(1);
        _closer = new Timer(_ => CloseIfIdle(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Full path of the audit file.</summary>
    public string Path { get; }

    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        // The record is written even when the caller has given up: an execution that happened must be on record.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            var connection = await OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO audit_log ({Columns}) VALUES ($id, $logged_at, $user_id, $channel, $question, $skill_id, $skill_version, $sql, $parameters, $row_count, $duration_ms, $outcome, $error, $data_scope)";
            Add(command, "id", record.Id);
            Add(command, "logged_at", record.Time.UtcDateTime);
            Add(command, "user_id", record.User);
            Add(command, "channel", record.Channel);
            Add(command, "question", record.Question);
            Add(command, "skill_id", record.SkillId);
            Add(command, "skill_version", record.SkillVersion);
            Add(command, "sql", record.Sql);
            Add(command, "parameters", record.Parameters);
            Add(command, "row_count", record.RowCount);
            Add(command, "duration_ms", record.DurationMs);
            Add(command, "outcome", record.Outcome);
            Add(command, "error", record.Error);
            Add(command, "data_scope", record.DataScope);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch
        {
            // A broken connection must not poison later writes: reopen next time.
            _connection?.Dispose();
            _connection = null;
            throw;
        }
        finally
        {
            _closer.Change(_idle, Timeout.InfiniteTimeSpan);
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        await ReadAsync(
            "WHERE ($user_id IS NULL OR user_id = $user_id) AND ($skill_id IS NULL OR skill_id = $skill_id) AND ($outcome IS NULL OR outcome = $outcome) ORDER BY logged_at DESC, id LIMIT $last",
            command =>
            {
                Add(command, "user_id", query.User);
                Add(command, "skill_id", query.Skill);
                Add(command, "outcome", query.Outcome);
                Add(command, "last", (long)Math.Clamp(query.Last, 1, 100_000));
            },
            cancellationToken);

    public async Task<AuditRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await ReadAsync("WHERE id = $id", command => Add(command, "id", id), cancellationToken)).FirstOrDefault();

    private async Task<IReadOnlyList<AuditRecord>> ReadAsync(string where, Action<DuckDBCommand> bind, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = await OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM audit_log {where}";
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var records = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new AuditRecord(
                    reader.GetString(0),
                    new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    reader.GetInt64(9),
                    reader.GetDouble(10),
                    reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12),
                    reader.GetString(13)));
            }

            return records;
        }
        finally
        {
            _closer.Change(_idle, Timeout.InfiniteTimeSpan);
            _gate.Release();
        }
    }

    /// <summary>The open connection (callers hold the gate).</summary>
    private async Task<DuckDBConnection> OpenAsync()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = new DuckDBConnection($"Data Source={Path}");
        // Another process (the bot, an evaluation run, `journey audit`) may hold the file for a moment: DuckDB allows
        // one writer process at a time, and every process closes the file after a short idle time, so wait for it.
        var deadline = DateTime.UtcNow + LockWait;
        for (var delay = 25; ; delay = Math.Min(delay * 2, 500))
        {
            try
            {
                await connection.OpenAsync();
                break;
            }
            catch (DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(delay + Random.Shared.Next(25));
            }
        }

        _connection = connection;
        if (!_created)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS audit_log (
                    id VARCHAR PRIMARY KEY, logged_at TIMESTAMP NOT NULL, user_id VARCHAR NOT NULL, channel VARCHAR NOT NULL,
                    question VARCHAR, skill_id VARCHAR, skill_version INTEGER, sql VARCHAR NOT NULL, parameters VARCHAR NOT NULL,
                    row_count BIGINT NOT NULL, duration_ms DOUBLE NOT NULL, outcome VARCHAR NOT NULL, error VARCHAR, data_scope VARCHAR NOT NULL)
                """;
            await command.ExecuteNonQueryAsync();
            _created = true;
        }

        return connection;
    }

    private void CloseIfIdle()
    {
        if (!_gate.Wait(0))
        {
            _closer.Change(_idle, Timeout.InfiniteTimeSpan);
            return;
        }

        try
        {
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _closer.Dispose();
        _gate.Wait();
        try
        {
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Add(DuckDBCommand command, string name, object? value) =>
        command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
}
