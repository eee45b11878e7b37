using System.Data.Common;
using DuckDB.NET.Data;

namespace JourneyAssistant.Store;

/// <summary>Small conveniences over ADO.NET for DuckDB: run a statement, read a scalar or rows, with named parameters ($name).</summary>
public static class DuckDbConnectionExtensions
{
    // Diagnostics for benchmarks: JOURNEY_SQL_TIMING=1 prints every statement's wall time on stderr.
    // With JOURNEY_PROFILE_DIR also set, each statement's DuckDB operator profile goes to sql-NNNN.txt there.
    private static readonly bool _timing = Environment.GetEnvironmentVariable("JOURNEY_SQL_TIMING") is "1";
    private static int _profileCounter;

    /// <summary>Runs one or more statements.</summary>
    public static async Task<int> ExecuteAsync(this DuckDBConnection connection, string sql, CancellationToken ct = default, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        if (!_timing)
        {
            return await command.ExecuteNonQueryAsync(ct);
        }

        var profile = Environment.GetEnvironmentVariable("JOURNEY_PROFILE_DIR") is { Length: > 0 } dir
            ? Path.Combine(dir, $"sql-{Interlocked.Increment(ref _profileCounter):0000}.txt")
            : null;
        if (profile is not null)
        {
            await using var on = Command(connection, $"SET enable_profiling = 'query_tree'; SET profiling_output = {QuoteLiteral(profile)}", []);
            await on.ExecuteNonQueryAsync(ct);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await command.ExecuteNonQueryAsync(ct);
        if (profile is not null)
        {
            await using var off = Command(connection, "RESET enable_profiling", []);
            await off.ExecuteNonQueryAsync(ct);
        }

        Report(sql, started, Path.GetFileName(profile));
        return result;
    }

    private static void Report(string sql, long started, string? profile = null)
    {
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (elapsed.TotalMilliseconds >= 20)
        {
            var text = System.Text.RegularExpressions.Regex.Replace(sql.Trim(), @"\s+", " ");
            Console.Error.WriteLine($"  sql {elapsed.TotalMilliseconds,8:F0} ms  {profile} {text[..Math.Min(text.Length, 110)]}");
        }
    }

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/>; default when no row or NULL.</summary>
    public static async Task<T?> ScalarAsync<T>(this DuckDBConnection connection, string sql, CancellationToken ct = default, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var value = await command.ExecuteScalarAsync(ct);
        if (_timing)
        {
            Report(sql, started);
        }

        if (value is null or DBNull)
        {
            return default;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return value is T typed ? typed : (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>All rows as object arrays (DBNull mapped to null).</summary>
    public static async Task<List<object?[]>> QueryAsync(this DuckDBConnection connection, string sql, CancellationToken ct = default, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        if (_timing)
        {
            Report(sql, started);
        }

        return rows;
    }

    /// <summary>Runs one or more statements synchronously (for code that runs under a lock or on a query thread).</summary>
    public static void Execute(this DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Quotes an identifier for SQL.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Quotes a string literal for SQL (used only where DuckDB does not accept parameters, e.g. view bodies and table-function arguments).</summary>
    public static string QuoteLiteral(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''") + "'";

    private static DbCommand Command(DuckDBConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }
}
