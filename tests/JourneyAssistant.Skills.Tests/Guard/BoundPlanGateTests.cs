using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Hosting;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests.Guard;

/// <summary>
/// Issue 21 items 1, 2 and 4: the bound-plan gate on its own (the parser gate bypassed) refuses what the statement binds,
/// the analysis connection reads its lock-down settings back, and results and joins are bounded.
/// </summary>
public sealed class BoundPlanGateTests : IDisposable
{
    private readonly TestStore _store = new();

    private static readonly string[] CatalogViews = ["duckdb_databases", "pg_settings", "duckdb_tables", "duckdb_views", "pg_tables", "sqlite_master"];

    private AnalysisDatabase Database(SkillsOptions? options = null) => new(_store.StorePath, options ?? TestStore.Options());

    private SkillExecutor Executor(SkillsOptions options) =>
        new(() => new AnalysisDatabase(_store.StorePath, options), Shared.Guard, new ParameterBinder(TestDictionary.Instance), _store.Audit, [], options, "Asia/Shanghai");

    public static TheoryData<string> BoundHostile()
    {
        var data = new TheoryData<string>();
        foreach (var view in CatalogViews)
        {
            data.Add($"WITH RECURSIVE {view} AS (SELECT * FROM {view} UNION ALL SELECT * FROM {view} WHERE false) SELECT * FROM {view}");
            data.Add($"SELECT * FROM {view}");
        }

        data.Add("SELECT * FROM duckdb_settings()");
        data.Add("SELECT write_log('x', level := 'error')");
        data.Add("SELECT sleep_ms(1)");
        data.Add("SELECT current_setting('threads')");
        data.Add("SELECT count(*) FROM journey_events WHERE channel IN (SELECT database_name FROM duckdb_databases())");
        return data;
    }

    [Theory]
    [MemberData(nameof(BoundHostile))]
    public void Bound_plan_gate_alone_refuses_catalog_settings_raw_tables_and_forbidden_functions(string sql)
    {
        using var database = Database();
        using var connection = database.Open(DataScope.All);

        var verdict = database.PlanGate.Check(connection, sql, new Dictionary<string, object?>(), vetted: false);

        Assert.False(verdict.Allowed, $"the bound-plan gate allowed: {sql}");
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason!.Zh));
    }

    [Theory]
    [InlineData("SELECT * FROM journey_store.main.event_identifiers")]
    [InlineData("SELECT * FROM journey_store.main.identities i JOIN journey_store.main.event_identifiers e USING (id_hash)")]
    [InlineData("SELECT * FROM journey_store.main.touchpoint_events")]
    public void Raw_tables_are_not_in_the_analysis_database_so_naming_them_binds_nothing(string sql)
    {
        // The analysis database attaches the store's analysis snapshot, which holds no raw table under any name.
        using var database = Database();
        using var connection = database.Open(DataScope.All);

        var error = Assert.Throws<UnboundStatementException>(() => database.PlanGate.Check(connection, sql, new Dictionary<string, object?>(), vetted: false));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT channel, count(*) AS n FROM journey_events GROUP BY channel")]
    [InlineData("SELECT id_type, persons FROM identity_coverage")]
    [InlineData("SELECT d.range FROM range(DATE '2026-11-01', DATE '2026-11-08', INTERVAL 1 DAY) d")]
    [InlineData("SELECT count(*) FROM journey_events e JOIN people p USING (person_id)")]
    public void Bound_plan_gate_allows_the_analysis_views_also_under_a_restricted_scope(string sql)
    {
        using var database = Database();
        using var connection = database.Open(DataScope.Restricted([new RowFilter("region", ["华东"])]));

        var verdict = database.PlanGate.Check(connection, sql, new Dictionary<string, object?>(), vetted: false);

        Assert.True(verdict.Allowed, verdict.Reason?.En);
    }

    [Theory]
    [InlineData("allow_community_extensions", "false")]
    [InlineData("autoinstall_known_extensions", "false")]
    [InlineData("autoload_known_extensions", "false")]
    [InlineData("enable_external_access", "false")]
    [InlineData("lock_configuration", "true")]
    [InlineData("memory_limit", "953.6 MiB")]
    [InlineData("max_temp_directory_size", "1.8 GiB")]
    public void Analysis_connection_reads_back_its_lock_down_settings(string setting, string expected)
    {
        using var database = Database();
        using var connection = database.Open(DataScope.Restricted([new RowFilter("region", ["华东"])]));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT current_setting('{setting}')::VARCHAR";

        Assert.Equal(expected, command.ExecuteScalar()?.ToString());
    }

    [Fact]
    public void Analysis_connection_cannot_change_its_settings()
    {
        using var database = Database();
        using var connection = database.Open(DataScope.All);
        using var command = connection.CreateCommand();
        command.CommandText = "SET allow_community_extensions = true";

        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
    }

    [Fact]
    public async Task Cross_join_of_two_large_relations_is_refused_before_it_runs()
    {
        var executor = Executor(TestStore.Options());

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() =>
            executor.RunAdhocAsync("SELECT count(*) AS n FROM range(1000000) a, range(1000000) b", ExecutionContext.Local()));

        Assert.Equal(SkillOutcome.Rejected, error.Outcome);
        Assert.Contains("join condition", error.Text.En);
        Assert.Contains("连接条件", error.Text.Zh);
        Assert.Equal(0, executor.StatementsRun);
        Assert.Equal("rejected", (await _store.Audit.FindAsync(error.AuditId))!.Outcome);
    }

    [Fact]
    public async Task Events_cross_joined_with_themselves_are_refused_above_the_join_limit_and_run_with_a_condition()
    {
        var options = TestStore.Options();
        options.MaxJoinRows = 50; // the test store has 10 events: 100 pairs without a condition
        var executor = Executor(options);

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() =>
            executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events a, journey_events b", ExecutionContext.Local()));
        var joined = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events a JOIN journey_events b ON a.event_key = b.event_key", ExecutionContext.Local());

        Assert.Equal(SkillOutcome.Rejected, error.Outcome);
        Assert.Equal(10L, joined.Rows[0][0]);
        Assert.Equal(1, executor.StatementsRun);
    }

    [Fact]
    public async Task A_200_MB_string_is_refused_as_too_large_with_a_clear_message()
    {
        // Building and decoding 200 MB takes seconds on a loaded 2-core box; the time limit is not what this test is about.
        var executor = Executor(TestStore.Options(timeoutSeconds: 300));

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT repeat('x', 200000000) AS s", ExecutionContext.Local()));

        Assert.Equal(SkillOutcome.Failed, error.Outcome);
        Assert.Equal("The result is larger than 64 MB — add filters or aggregate.", error.Text.En);
        Assert.Contains("64 MB", error.Text.Zh);
        Assert.Equal("failed", (await _store.Audit.FindAsync(error.AuditId))!.Outcome);
    }

    [Fact]
    public async Task Many_rows_adding_up_past_the_byte_cap_are_refused()
    {
        var options = TestStore.Options();
        options.MaxResultMegabytes = 1;
        var executor = Executor(options);

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT repeat('y', 1000) AS s FROM range(5000)", ExecutionContext.Local()));

        Assert.Contains("larger than 1 MB", error.Text.En);
    }

    [Theory]
    [InlineData("SELECT len(range(400000000)) AS n")]
    [InlineData("SELECT list_sort(range(400000000)) AS l")]
    [InlineData("SELECT sleep_ms(25000) AS s")]
    [InlineData("SELECT write_log('x', level := 'error') AS w")]
    public async Task Memory_and_time_bombs_are_refused_and_never_run(string sql)
    {
        var executor = Executor(TestStore.Options());

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync(sql, ExecutionContext.Local()));

        Assert.Equal(SkillOutcome.Rejected, error.Outcome);
        Assert.Equal(0, executor.StatementsRun);
    }

    [Fact]
    public void Typed_nulls_replace_parameters_without_adding_quotes()
    {
        var sql = BoundPlanGate.WithTypedNulls("SELECT '$a' AS t, $a AS a, $ab AS ab WHERE $d IS NULL",
            new Dictionary<string, object?> { ["a"] = "x' OR 1=1", ["ab"] = 3L, ["d"] = new DateOnly(2026, 1, 1) });

        Assert.Equal("SELECT 'CAST(NULL AS VARCHAR)' AS t, CAST(NULL AS VARCHAR) AS a, CAST(NULL AS BIGINT) AS ab WHERE CAST(NULL AS DATE) IS NULL", sql);
    }

    public void Dispose() => _store.Dispose();
}
