using DuckDB.NET.Data;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>The benchmarks' baseline: the same SQL on a plain read-only connection, no guard, binding, scope or audit.</summary>
internal static class PlainQuery
{
    /// <summary>Runs <paramref name="sql"/> with its bound parameters on <paramref name="connection"/>, every row read.</summary>
    public static async Task RunAsync(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains("$" + name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
            }
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
        }
    }
}
