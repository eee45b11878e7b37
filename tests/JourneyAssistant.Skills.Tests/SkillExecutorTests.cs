using System.Diagnostics;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Skills.Transforms;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

public sealed class SkillExecutorTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private readonly TestStore _store = new();

    private static SkillDefinition Skill() => new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "conversion_by_channel.yaml");

    private static ExecutionContext Context(DataScope? scope = null, string user = "analyst@example.com") =>
        new(user, "test", "各渠道转化率", scope ?? DataScope.All, AsOf);

    [Fact]
    public async Task Skill_result_carries_roles_plain_values_sql_and_resolved_parameters()
    {
        var result = await _store.Executor().RunAsync(Skill(), new Dictionary<string, object?> { ["period"] = "2026-11-01..2026-11-30" }, Context());

        Assert.Equal(["channel", "people", "buyers", "conversion_rate", "revenue"], result.Columns.Select(c => c.Name));
        Assert.Equal(ColumnRole.Percent, result.Columns[3].Role);
        Assert.Equal(3, result.Rows.Count);
        var store = result.Rows.Single(r => (string)r[0]! == "store");
        Assert.IsType<long>(store[1]);
        Assert.Equal(2L, store[1]);
        Assert.Equal(1.0, Assert.IsType<double>(store[3]));
        Assert.Equal(1720.50m, Assert.IsType<decimal>(store[4]));
        Assert.Equal(new DateOnly(2026, 11, 1), result.Parameters["period_start"]);
        Assert.Equal(new DateOnly(2026, 11, 30), result.Parameters["period_end"]);
        Assert.Null(result.Parameters["channel"]);
        Assert.Contains("$period_start", result.Sql);
        Assert.False(result.Truncated);
        Assert.NotNull(result.AuditId);
    }

    [Fact]
    public async Task Dates_and_timestamps_come_back_as_DateOnly_and_DateTime()
    {
        var result = await _store.Executor().RunAdhocAsync("SELECT local_date, occurred_at, is_conversion FROM journey_events WHERE event_key = 'e01'", Context());

        Assert.Equal(new DateOnly(2026, 11, 2), result.Rows[0][0]);
        Assert.Equal(new DateTime(2026, 11, 2, 2, 0, 0), Assert.IsType<DateTime>(result.Rows[0][1]));
        Assert.Equal(false, result.Rows[0][2]);
    }

    [Fact]
    public async Task Enum_alias_binds_the_dictionary_id()
    {
        var result = await _store.Executor().RunAsync(Skill(), new Dictionary<string, object?> { ["period"] = "all", ["channel"] = "门店" }, Context());

        Assert.Equal("store", result.Parameters["channel"]);
        Assert.Equal("store", Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task Row_limit_truncates_and_sets_the_flag()
    {
        var result = await _store.Executor(rowLimit: 4).RunAdhocAsync("SELECT * FROM range(100) r", Context());

        Assert.Equal(4, result.Rows.Count);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task Result_at_the_row_limit_is_not_truncated()
    {
        var result = await _store.Executor(rowLimit: 10).RunAdhocAsync("SELECT event_key FROM journey_events", Context());

        Assert.Equal(10, result.Rows.Count);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task Long_scan_is_interrupted_at_the_time_limit_and_audited_as_timed_out()
    {
        // A huge cross join is now refused before it runs (its estimated size), so a long single scan stands in for "runs too long".
        var executor = _store.Executor(timeoutSeconds: 1);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() =>
            executor.RunAdhocAsync("SELECT count(*) AS n FROM range(1000000000000) a WHERE hash(a.range) = 42", Context()));

        watch.Stop();
        Assert.Equal(SkillOutcome.TimedOut, error.Outcome);
        Assert.Equal(1, executor.Interrupts);
        Assert.Contains("time limit", error.Text.En);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        var record = await _store.Audit.FindAsync(error.AuditId);
        Assert.Equal("timed_out", record!.Outcome);
    }

    [Fact]
    public async Task Executor_still_works_after_a_timeout()
    {
        var executor = _store.Executor(timeoutSeconds: 1);
        await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT count(*) FROM range(1000000000000) a WHERE hash(a.range) = 42", Context()));

        var result = await executor.RunAdhocAsync("SELECT count(*) AS n FROM people", Context());

        Assert.Equal(6L, result.Rows[0][0]);
    }

    [Fact]
    public async Task Audit_records_ok_rejected_and_failed_runs_with_identity_and_scope()
    {
        var executor = _store.Executor();
        var ok = await executor.RunAsync(Skill(), new Dictionary<string, object?> { ["period"] = "last_30_days" }, Context(user: "u-ok"));
        var rejected = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("DROP TABLE persons", Context(user: "u-rejected")));
        var failed = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT no_such_column FROM people", Context(user: "u-failed")));
        var badParameter = await Assert.ThrowsAsync<SkillExecutionException>(() =>
            executor.RunAsync(Skill(), new Dictionary<string, object?> { ["channel"] = "carrier_pigeon" }, Context(user: "u-param")));

        Assert.Equal(SkillOutcome.Rejected, rejected.Outcome);
        Assert.Equal(SkillOutcome.Failed, failed.Outcome);
        Assert.Equal(SkillOutcome.Rejected, badParameter.Outcome);

        var okRecord = (await _store.Audit.FindAsync(ok.AuditId!))!;
        Assert.Equal(("u-ok", "test", "各渠道转化率", "conversion_by_channel", 1, "ok", "all"),
            (okRecord.User, okRecord.Channel, okRecord.Question, okRecord.SkillId, okRecord.SkillVersion!.Value, okRecord.Outcome, okRecord.DataScope));
        Assert.Equal(3, okRecord.RowCount);
        Assert.Contains("\"period_start\":\"2026-10-24\"", okRecord.Parameters);
        Assert.Contains("\"period\":\"last_30_days\"", okRecord.Parameters);

        var rejectedRecord = (await _store.Audit.FindAsync(rejected.AuditId))!;
        Assert.Equal(("rejected", "DROP TABLE persons", (string?)null), (rejectedRecord.Outcome, rejectedRecord.Sql, rejectedRecord.SkillId));
        Assert.Contains("single SELECT", rejectedRecord.Error);

        var failedRecord = (await _store.Audit.FindAsync(failed.AuditId))!;
        Assert.Equal("failed", failedRecord.Outcome);
        Assert.Contains("no_such_column", failedRecord.Error);

        var paramRecord = (await _store.Audit.FindAsync(badParameter.AuditId))!;
        Assert.Equal("rejected", paramRecord.Outcome);
        Assert.Contains("carrier_pigeon", paramRecord.Error);

        var onlyRejected = await _store.Audit.QueryAsync(new AuditQuery(Outcome: "rejected"));
        Assert.Equal(2, onlyRejected.Count);
        var byUser = await _store.Audit.QueryAsync(new AuditQuery(User: "u-failed"));
        Assert.Equal(failed.AuditId, Assert.Single(byUser).Id);
        var bySkill = await _store.Audit.QueryAsync(new AuditQuery(Skill: "conversion_by_channel"));
        Assert.Equal(2, bySkill.Count);
        Assert.Equal(2, (await _store.Audit.QueryAsync(new AuditQuery(Last: 2))).Count);
    }

    [Fact]
    public async Task Audit_log_lives_in_its_own_file_that_guarded_sql_cannot_reach()
    {
        var executor = _store.Executor();
        await executor.RunAdhocAsync("SELECT 1 AS one", Context());

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT * FROM audit_log", Context()));
        Assert.Equal(SkillOutcome.Rejected, error.Outcome);

        // Even past the guard, the analysis instance has not attached the audit file and cannot attach it.
        using var database = new AnalysisDatabase(_store.StorePath, TestStore.Options());
        using var connection = database.Open(DataScope.All);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM duckdb_databases() WHERE path LIKE '%audit%'";
        Assert.Equal(0L, command.ExecuteScalar());
        command.CommandText = $"ATTACH '{_store.AuditPath}' AS audit";
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
    }

    [Fact]
    public void Analysis_instance_refuses_a_memory_size_DuckDB_cannot_read_naming_its_setting()
    {
        var options = TestStore.Options();
        options.BlockAllocatorMemory = "lots";

        var error = Assert.Throws<InvalidOperationException>(() => new AnalysisDatabase(_store.StorePath, options));
        Assert.Contains("Skills:BlockAllocatorMemory = 'lots'", error.Message);
    }

    [Fact]
    public void Analysis_instance_reads_the_store_read_only_without_external_access_and_locked()
    {
        var options = TestStore.Options();
        options.BlockAllocatorMemory = "768MB";
        using var database = new AnalysisDatabase(_store.StorePath, options);
        using var connection = database.Open(DataScope.All);
        using var command = connection.CreateCommand();

        command.CommandText = """
            SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), current_setting('autoload_known_extensions'),
                   current_setting('block_allocator_memory')::VARCHAR
            """;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            Assert.False(reader.GetBoolean(0));
            Assert.True(reader.GetBoolean(1));
            Assert.False(reader.GetBoolean(2));
            Assert.Equal("732.4 MiB", reader.GetString(3));
        }

        command.CommandText = "SELECT count(*) FROM journey_events";
        Assert.Equal(10L, command.ExecuteScalar());
        command.CommandText = "DELETE FROM journey_store.main.touchpoint_events";
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
        command.CommandText = "SET enable_external_access = true";
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
        command.CommandText = "SELECT * FROM read_csv('/etc/passwd')";
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteReader());
        command.CommandText = "SELECT count(*) FROM touchpoint_events";
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteScalar());
    }

    [Fact]
    public async Task Transform_named_by_the_skill_shapes_the_result()
    {
        var skill = Skill() with { Transform = "top_only" };
        var result = await _store.Executor(transforms: [new TopOnlyTransform()]).RunAsync(skill, new Dictionary<string, object?> { ["period"] = "all" }, Context());

        Assert.Equal(["channel", "people", "buyers", "conversion_rate", "revenue"], result.Columns.Select(c => c.Name));
        Assert.Single(result.Rows);
    }

    [Fact]
    public async Task Unregistered_transform_fails_clearly()
    {
        var skill = Skill() with { Transform = "markov_removal" };

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => _store.Executor().RunAsync(skill, null, Context()));

        Assert.Equal(SkillOutcome.Failed, error.Outcome);
        Assert.Contains("markov_removal", error.Text.En);
    }

    public void Dispose() => _store.Dispose();

    private sealed class TopOnlyTransform : ISkillTransform
    {
        public string Name => "top_only";

        public SkillResult Apply(SkillResult raw, SkillTransformContext context) =>
            raw with { Columns = context.Skill.Columns, Rows = raw.Rows.Take(1).ToList() };
    }
}

public sealed class SkillExecutorAuditFailureTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task Result_is_withheld_when_its_audit_record_cannot_be_written()
    {
        var error = await Assert.ThrowsAsync<SkillExecutionException>(() =>
            _store.Executor(audit: new BrokenAuditLog()).RunAdhocAsync("SELECT count(*) FROM people", ExecutionContext.Local()));

        Assert.Equal(SkillOutcome.Failed, error.Outcome);
        Assert.Contains("audit record could not be written", error.Text.En);
    }

    public void Dispose() => _store.Dispose();

    private sealed class BrokenAuditLog : IAuditLog
    {
        public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default) => throw new IOException("disk full");

        public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

        public Task<AuditRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<AuditRecord?>(null);
    }

    [Fact]
    public async Task A_query_past_the_memory_limit_fails_fast_with_a_clear_message_not_the_engines_text()
    {
        // Issue 21 item 9: the hash of 900 M distinct values needs far more than 256 MB; DuckDB's memory_limit and spill
        // limit stop it, and the user reads which limit it hit, never "failed to offload data block …".
        var options = TestStore.Options(timeoutSeconds: 30);
        options.MemoryLimit = "256MB";
        options.MaxTempDirectorySize = "128MB";
        options.BlockAllocatorMemory = "0B";
        var executor = new SkillExecutor(() => new AnalysisDatabase(_store.StorePath, options), Shared.Guard, new ParameterBinder(TestDictionary.Instance),
            _store.Audit, [], options, "Asia/Shanghai");

        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync(
            "SELECT count(*) AS n FROM (SELECT DISTINCT a.range * 10000000 + b.range AS v FROM range(10000000) a, range(90) b)", ExecutionContext.Local()));

        Assert.Equal(SkillOutcome.Failed, error.Outcome);
        Assert.Contains("more memory than the limit (256MB", error.Text.En, StringComparison.Ordinal);
        Assert.Contains("内存超过上限", error.Text.Zh, StringComparison.Ordinal);
        Assert.DoesNotContain("offload", error.Text.En, StringComparison.Ordinal); // Failed, not TimedOut: the memory limit stopped it
    }
}
