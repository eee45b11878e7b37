using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Hosting;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

/// <summary>The executor's result cache and single-flight, on a real store and a real audit log.</summary>
public sealed class ResultCacheTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private static readonly Dictionary<string, object?> November = new() { ["period"] = "2026-11-01..2026-11-30" };
    private readonly TestStore _store = new();
    private readonly ManualTime _time = new();

    private static SkillDefinition Skill() => new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "conversion_by_channel.yaml");

    private static ExecutionContext Context(DataScope? scope = null) => new("analyst@example.com", "test", "各渠道转化率", scope ?? DataScope.All, AsOf);

    private SkillExecutor Executor(bool enabled = true, IAuditLog? audit = null)
    {
        var options = TestStore.Options();
        options.ResultCache = new ResultCacheOptions { Enabled = enabled, MaxEntries = 16, TimeToLiveSeconds = 300, DataVersionCheckSeconds = 2 };
        return new SkillExecutor(() => new AnalysisDatabase(_store.StorePath, options), Shared.Guard, new ParameterBinder(TestDictionary.Instance),
            audit ?? _store.Audit, [], options, "Asia/Shanghai", _time);
    }

    private async Task<AuditRecord> Record(string? id) => (await _store.Audit.FindAsync(id!))!;

    [Fact]
    public async Task Cache_hit_returns_identical_rows_under_its_own_audit_record()
    {
        var executor = Executor();
        var first = await executor.RunAsync(Skill(), November, Context());
        var second = await executor.RunAsync(Skill(), November, Context());

        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Columns, second.Columns);
        Assert.NotEqual(first.AuditId, second.AuditId);
        var original = await Record(first.AuditId);
        var hit = await Record(second.AuditId);
        Assert.Equal("ok", original.Outcome);
        Assert.Null(original.Error);
        Assert.Equal("ok", hit.Outcome);
        Assert.Equal($"cached: result of {first.AuditId}", hit.Error);
        Assert.Equal(3, hit.RowCount);
        Assert.Equal(original.Parameters, hit.Parameters);
        Assert.Equal(1, executor.CachedResults);
    }

    [Fact]
    public async Task Restricted_scope_never_gets_the_unrestricted_cached_result()
    {
        var executor = Executor();
        var all = await executor.RunAsync(Skill(), November, Context());
        var north = await executor.RunAsync(Skill(), November, Context(DataScope.Restricted([new RowFilter("region", ["华北"])])));

        Assert.Equal(3, all.Rows.Count);
        Assert.Equal(["store", "website"], north.Rows.Select(r => (string)r[0]!));
        Assert.Null((await Record(north.AuditId)).Error);
        Assert.Equal(2, executor.CachedResults);

        // The same restriction again is a hit, and still only its own rows.
        var again = await executor.RunAsync(Skill(), November, Context(DataScope.Restricted([new RowFilter("region", ["华北"])])));
        Assert.Equal(north.Rows, again.Rows);
        Assert.StartsWith("cached", (await Record(again.AuditId)).Error);
    }

    [Fact]
    public async Task Adhoc_sql_is_cached_on_its_exact_text()
    {
        var executor = Executor();
        var first = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events", Context());
        var same = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events", Context());
        var other = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events WHERE region = '华东'", Context());

        Assert.Equal(10L, same.Rows[0][0]);
        Assert.StartsWith("cached", (await Record(same.AuditId)).Error);
        Assert.Equal(5L, other.Rows[0][0]);
        Assert.Null((await Record(other.AuditId)).Error);
        Assert.Null((await Record(first.AuditId)).Error);
    }

    [Fact]
    public async Task Store_change_after_an_ingest_misses_the_cache()
    {
        var executor = Executor();
        var before = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events", Context());
        Assert.Equal(10L, before.Rows[0][0]);

        // A real write to the store, as an ingest does: the file's size and write time are the data version.
        using (var connection = new DuckDBConnection($"Data Source={_store.StorePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO touchpoint_events VALUES ('e11','p6','website','payment','payment_success','purchase', TIMESTAMPTZ '2026-11-21 07:00:00+00', 42.00, '华南'); CHECKPOINT;";
            command.ExecuteNonQuery();
        }

        var stillWithinCheckInterval = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events", Context());
        Assert.StartsWith("cached", (await Record(stillWithinCheckInterval.AuditId)).Error);

        _time.Advance(TimeSpan.FromSeconds(3));
        var after = await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events", Context());
        Assert.Null((await Record(after.AuditId)).Error);
    }

    [Fact]
    public async Task Entry_expires_after_its_time_to_live()
    {
        var executor = Executor();
        await executor.RunAsync(Skill(), November, Context());

        _time.Advance(TimeSpan.FromSeconds(299));
        var live = await executor.RunAsync(Skill(), November, Context());
        Assert.StartsWith("cached", (await Record(live.AuditId)).Error);

        _time.Advance(TimeSpan.FromSeconds(2));
        var expired = await executor.RunAsync(Skill(), November, Context());
        Assert.Null((await Record(expired.AuditId)).Error);
    }

    [Fact]
    public async Task Disabled_cache_runs_every_execution()
    {
        var executor = Executor(enabled: false);
        var first = await executor.RunAsync(Skill(), November, Context());
        var second = await executor.RunAsync(Skill(), November, Context());

        Assert.Null((await Record(first.AuditId)).Error);
        Assert.Null((await Record(second.AuditId)).Error);
        Assert.Equal(0, executor.CachedResults);
    }

    [Fact]
    public async Task Concurrent_identical_requests_share_one_execution()
    {
        // The leader is held inside its own audit write, after the query ran but before the result is cached, so the
        // followers can only get the result by joining the execution in flight.
        using var gated = new GatedAudit(_store.Audit);
        var executor = Executor(audit: gated);
        var leader = Task.Run(() => executor.RunAsync(Skill(), November, Context()));
        await gated.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var followers = Enumerable.Range(0, 7).Select(_ => Task.Run(() => executor.RunAsync(Skill(), November, Context()))).ToList();
        await Task.Delay(300);
        gated.Release();

        var results = await Task.WhenAll(followers.Prepend(leader));
        var records = await Task.WhenAll(results.Select(r => Record(r.AuditId)));
        var executed = Assert.Single(records, r => r.Error is null);
        Assert.Equal(results[0].AuditId, executed.Id);
        Assert.All(records.Where(r => r.Error is not null), r => Assert.Equal($"cached: result of {executed.Id}", r.Error));
        Assert.All(results, r => Assert.Equal(results[0].Rows, r.Rows));
        Assert.Equal(8, records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Failed_execution_is_not_cached()
    {
        var executor = Executor();
        await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT no_such_column FROM journey_events", Context()));
        var again = await Assert.ThrowsAsync<SkillExecutionException>(() => executor.RunAdhocAsync("SELECT no_such_column FROM journey_events", Context()));

        Assert.Equal("failed", (await Record(again.AuditId)).Outcome);
        Assert.Equal(0, executor.CachedResults);
    }

    public void Dispose() => _store.Dispose();

    /// <summary>A clock the test moves by hand (durations still come from the real stopwatch).</summary>
    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>The real audit log, with the first write held until <see cref="Release"/>.</summary>
    private sealed class GatedAudit(IAuditLog inner) : IAuditLog, IDisposable
    {
        private readonly SemaphoreSlim _gate = new(0);
        private int _writes;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.Release();

        public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                Entered.SetResult();
                await _gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            await inner.WriteAsync(record, cancellationToken);
        }

        public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<AuditRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

        public void Dispose() => _gate.Dispose();
    }
}
