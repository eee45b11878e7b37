using System.Text.RegularExpressions;

namespace JourneyAssistant.Cli.Tests;

/// <summary>Issue 21: a failing `journey sql` prints one line with the audit id, never a .NET stack trace (the real binary).</summary>
public sealed partial class SqlFailureLineTests(CliStoreFixture store) : IClassFixture<CliStoreFixture>
{
    [Theory]
    [InlineData("SELECT repeat('x', 200000000) AS s", "64 MB")]
    [InlineData("WITH RECURSIVE duckdb_databases AS (SELECT database_name, path FROM duckdb_databases UNION ALL SELECT database_name, path FROM duckdb_databases WHERE false) SELECT * FROM duckdb_databases", "duckdb_databases")]
    [InlineData("SELECT count(*) AS n FROM journey_events a, journey_events b", "ON")]
    [InlineData("SELECT len(range(400000000)) AS n", "range()")]
    [InlineData("SELECT sleep_ms(25000) AS s", "sleep_ms()")]
    [InlineData("SELECT write_log('x', level := 'error') AS w", "write_log()")]
    [InlineData("SELECT no_such_column FROM journey_events", "no_such_column")]
    public async Task Failing_sql_prints_one_line_with_the_audit_id_and_no_stack_trace(string sql, string named)
    {
        var outcome = await store.Journey.RunAsync("sql", sql, "--lang", "en");

        Assert.Equal(1, outcome.ExitCode);
        var lines = outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Preparing the store", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains(named, line);
        Assert.Matches(AuditId(), line);
        Assert.DoesNotContain("   at ", outcome.StdErr + outcome.StdOut);
        Assert.DoesNotContain("Exception", outcome.StdErr + outcome.StdOut);
    }

    [GeneratedRegex(@"审计号 [0-9a-f]{10}\)$")]
    private static partial Regex AuditId();
}
