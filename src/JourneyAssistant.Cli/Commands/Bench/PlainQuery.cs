using System.Diagnostics;
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

    /// <summary>Times <paramref name="executor"/> and <paramref name="plain"/> alternately, <paramref name="runs"/> times each, so drift in machine load hits both sides alike.</summary>
    public static async Task<(List<double> Executor, List<double> Plain)> InterleaveAsync(int runs, Func<Task> executor, Func<Task> plain)
    {
        var guarded = new List<double>();
        var direct = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await executor();
            guarded.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await plain();
            direct.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (guarded, direct);
    }
}
