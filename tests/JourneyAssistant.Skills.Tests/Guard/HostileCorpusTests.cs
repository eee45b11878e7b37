using System.Collections.Concurrent;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Testing;
using Xunit.Abstractions;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests.Guard;

/// <summary>
/// Issue 21 item 5: the committed hostile corpus (every catalog view and table function DuckDB lists, in every form,
/// plus the statements) and a seeded mutation of it go through the real executor; none may run. "Ran" is the
/// executor's own counter of statements handed to DuckDB, so a refusal is proven, not assumed. The legit controls all
/// run. Counts by form go to the test output (dotnet test --logger "console;verbosity=detailed").
/// </summary>
public sealed class HostileCorpusTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Fixed so that a failing mutation reproduces; the count bounds the run time.</summary>
    private const int Seed = 20261202;

    private const int Mutations = 600;

    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "JourneyAssistant.Skills.Tests", "Guard");

    private readonly TestStore _store = new();

    private static IReadOnlyList<(string Form, string Name, string Sql)> Hostile() =>
        File.ReadLines(Path.Combine(Folder, "hostile-corpus.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 3))
            .Select(p => (p[0], p[1], p[2]))
            .ToList();

    private static IReadOnlyList<string> Legit() =>
        File.ReadLines(Path.Combine(Folder, "legit-corpus.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>
    /// PostgreSQL-compatibility views DuckDB defines over constant rows (no catalog function, no table): the bound plan
    /// holds nothing to refuse, and they show nothing about this store. The parser gate refuses them by name.
    /// </summary>
    private static readonly string[] ConstantViews = ["pg_am", "pg_collation", "pg_tablespace"];

    /// <summary>The executor with the join limit scaled to the 10-event test store (100 pairs without a condition).</summary>
    private SkillExecutor Executor()
    {
        var options = TestStore.Options();
        options.MaxJoinRows = 50;
        return new(() => new AnalysisDatabase(_store.StorePath, options), Shared.Guard, new ParameterBinder(TestDictionary.Instance),
            new RecordingAudit(), [], options, "Asia/Shanghai");
    }

    [Fact]
    public void Corpus_covers_every_catalog_object_in_every_form()
    {
        var hostile = Hostile();

        Assert.True(hostile.Count >= 150, $"only {hostile.Count} hostile statements");
        // 47 catalog views and 90 table functions (9 names are both)
        Assert.Equal(137, hostile.Count(h => h.Form == "plain"));
        Assert.All(new[] { "plain", "cte_shadowed", "recursive_anchor", "subquery", "lateral", "from_first", "table" }, form => Assert.Contains(hostile, h => h.Form == form));
    }

    [Fact]
    public async Task No_hostile_statement_or_mutation_runs()
    {
        var executor = Executor();
        var tally = new Tally();
        foreach (var (form, _, sql) in Hostile())
        {
            await TryAsync(executor, form, sql, tally);
        }

        var mutator = new CorpusMutator(Seed);
        var corpus = Hostile();
        var pick = new Random(Seed);
        for (var i = 0; i < Mutations; i++)
        {
            var (form, name, sql) = corpus[pick.Next(corpus.Count)];
            var (kind, mutated) = mutator.Mutate(sql, name);
            await TryAsync(executor, $"mutated:{kind}", mutated, tally);
        }

        tally.Write(output, "pipeline (parser gate, then bound-plan gate, then run)");
        Assert.Empty(tally.Ran);
        Assert.Equal(0, executor.StatementsRun);
    }

    [Fact]
    public void Bound_plan_gate_alone_refuses_every_catalog_form_that_reads_the_catalog()
    {
        using var database = new AnalysisDatabase(_store.StorePath, TestStore.Options());
        using var connection = database.Open(DataScope.All);
        var tally = new Tally();
        foreach (var (form, _, sql) in Hostile().Where(h => h.Form != "issue21"))
        {
            // Binding a table function runs its bind step; the pipeline never gets here for them (the parser gate refuses
            // them by name first), and this test database is disposable.
            bool allowed;
            try
            {
                allowed = database.PlanGate.Check(connection, sql, new Dictionary<string, object?>(), vetted: false).Allowed;
            }
            catch (UnboundStatementException)
            {
                allowed = false;
            }

            tally.Add(form, refused: !allowed, ran: allowed, sql);
        }

        tally.Write(output, "bound-plan gate alone (parser gate bypassed; executed = allowed)");
        Assert.All(tally.Ran, sql => Assert.Contains(ConstantViews, view => sql.Contains(view, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_legit_control_runs_and_every_library_skill_passes_the_parser_gate()
    {
        var executor = Executor();
        foreach (var sql in Legit())
        {
            var result = await executor.RunAdhocAsync(sql, ExecutionContext.Local());
            Assert.NotEmpty(result.Columns);
        }

        Assert.Equal(Legit().Count, executor.StatementsRun);
        var skills = Directory.GetFiles(RepoPaths.Skills, "*.yaml");
        Assert.True(skills.Length >= 21, $"{skills.Length} skills");
        Assert.All(skills, file => Assert.True(Shared.Guard.Check(LibrarySkillRunner.Read(Path.GetFileName(file)).Sql).Allowed, file));
        output.WriteLine($"legit controls: {Legit().Count} ad-hoc queries ran, {skills.Length} library skills passed the guard");
    }

    private static async Task TryAsync(SkillExecutor executor, string form, string sql, Tally tally)
    {
        var before = executor.StatementsRun;
        try
        {
            await executor.RunAdhocAsync(sql, ExecutionContext.Local());
        }
        catch (SkillExecutionException)
        {
            // refused or failed; whether it ran is the counter's to say
        }

        var ran = executor.StatementsRun > before;
        tally.Add(form, refused: !ran, ran, sql);
    }

    public void Dispose() => _store.Dispose();

    /// <summary>Tried / refused / ran per form.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<string, (int Tried, int Refused, int Ran)> _forms = new(StringComparer.Ordinal);

        public List<string> Ran { get; } = [];

        public void Add(string form, bool refused, bool ran, string sql)
        {
            var (tried, r, x) = _forms.GetValueOrDefault(form);
            _forms[form] = (tried + 1, r + (refused ? 1 : 0), x + (ran ? 1 : 0));
            if (ran)
            {
                Ran.Add(sql);
            }
        }

        public void Write(ITestOutputHelper output, string title)
        {
            output.WriteLine($"{title}: form | tried | refused | executed");
            foreach (var (form, (tried, refused, ran)) in _forms)
            {
                output.WriteLine($"{form} | {tried} | {refused} | {ran}");
            }

            output.WriteLine($"total | {_forms.Values.Sum(v => v.Tried)} | {_forms.Values.Sum(v => v.Refused)} | {_forms.Values.Sum(v => v.Ran)}");
            foreach (var sql in Ran)
            {
                output.WriteLine($"RAN: {sql}");
            }
        }
    }

    /// <summary>An audit log that keeps records in memory: the corpus writes a thousand of them.</summary>
    private sealed class RecordingAudit : IAuditLog
    {
        private readonly ConcurrentQueue<AuditRecord> _records = new();

        public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
        {
            _records.Enqueue(record);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<AuditRecord>>(_records.ToList());

        public Task<AuditRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(_records.FirstOrDefault(r => r.Id == id));
    }
}
