using System.CommandLine;
using System.Text.Json;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static JourneyAssistant.Cli.Commands.Bench.BenchStatistics;
using SkillContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>`journey bench skills`: the funnel and conversion-by-channel skills, and the guard + binding + audit overhead over plain SQL.</summary>
internal static class SkillBench
{
    public static Command Create(CliHost host)
    {
        var people = new Option<int>("--people") { Description = "People to simulate for the benchmark store / 模拟人数", DefaultValueFactory = _ => 200_000 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement; medians are reported / 运行次数（取中位数）", DefaultValueFactory = _ => 5 };
        var store = new Option<string?>("--store") { Description = "Use this existing store instead of generating one / 使用已有数据库" };
        var seed = new Option<int>("--seed") { Description = "Generator seed / 随机种子", DefaultValueFactory = _ => 42 };
        var all = new Option<bool>("--all") { Description = "Every library skill with its default parameters, against the 1 s target / 全部技能（默认参数）" };
        var asOf = CliOptions.AsOf("With --all: the day relative periods resolve against (default: the day after the store's last event) / 基准日期");
        var json = CliOptions.Json(CliOptions.ExactlyOneJsonObjectOnStdout);
        var command = new Command("skills", "Time the funnel and conversion-by-channel skills, and the guard + binding + audit overhead / 技能性能基准") { people, runs, store, seed, all, asOf, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            if (!CliOptions.TryAsOf(parseResult.GetValue(asOf), out var day))
            {
                return CliOutput.Fail(asJson, "--as-of needs YYYY-MM-DD / 日期格式应为 YYYY-MM-DD", 2);
            }

            var runCount = Math.Max(1, parseResult.GetValue(runs));
            var work = Path.Combine(Path.GetTempPath(), $"journey-bench-skills-{Environment.ProcessId}");
            Directory.CreateDirectory(work);
            try
            {
                var storePath = parseResult.GetValue(store) is { } s ? ContentRoot.Combine(Directory.GetCurrentDirectory(), s) : Path.Combine(work, "bench.duckdb");
                long events = 0;
                if (parseResult.GetValue(store) is null)
                {
                    events = await BenchStore.GenerateAsync(host, parseResult.GetValue(people), parseResult.GetValue(seed), Path.Combine(work, "canonical"), storePath, ct);
                }

                var config = host.With(new Dictionary<string, string?>
                {
                    ["Store:Path"] = storePath,
                    ["Skills:AuditPath"] = Path.Combine(work, "audit.duckdb"),
                    // The bench measures the executor's own cost per execution; cached repeats would hide it.
                    ["Skills:ResultCache:Enabled"] = "false",
                    // A skill over the target must still finish, so the figure says how far over it is.
                    ["Skills:QueryTimeoutSeconds"] = "300",
                });
                await using var services = host.SkillServices(config);
                var catalog = services.GetRequiredService<ISkillCatalog>();
                var executor = services.GetRequiredService<SkillExecutor>();
                var context = new SkillContext("bench", "cli", null, DataScope.All, null);
                if (events == 0)
                {
                    events = (long)(await executor.RunAdhocAsync("SELECT count(*) AS n FROM journey_events", context, ct)).Rows[0][0]!;
                }

                if (parseResult.GetValue(all))
                {
                    return await LibrarySkillsBench.RunAsync(catalog, executor, events, runCount, day, asJson, ct);
                }

                var arguments = new Dictionary<string, object?> { ["period"] = "all" };
                // The baseline keeps one plain read-only connection open, as the executor keeps its instance open.
                await using var plain = new DuckDBConnection($"Data Source={storePath};ACCESS_MODE=READ_ONLY");
                await plain.OpenAsync(ct);
                var results = new List<object>();
                foreach (var id in new[] { "funnel_by_touchpoint", "conversion_by_channel" })
                {
                    if (catalog.Find(id) is not { } skill)
                    {
                        Console.Error.WriteLine($"skill {id} not found; skipped / 未找到");
                        continue;
                    }

                    var bound = services.GetRequiredService<ParameterBinder>().Bind(skill, arguments, executor.Today);
                    await executor.RunAsync(skill, arguments, context, ct); // warm-up: file cache, guard cache
                    await PlainQuery.RunAsync(plain, skill.Sql, bound.Sql, ct);
                    var (guarded, direct) = await PlainQuery.InterleaveAsync(runCount,
                        () => executor.RunAsync(skill, arguments, context, ct), () => PlainQuery.RunAsync(plain, skill.Sql, bound.Sql, ct));

                    var medianGuarded = Median(guarded);
                    var medianDirect = Median(direct);
                    var overhead = (medianGuarded - medianDirect) / medianDirect * 100;
                    Console.Error.WriteLine($"{id}: executor {medianGuarded:0.0} ms, direct {medianDirect:0.0} ms, overhead {overhead:0.0}%");
                    results.Add(new
                    {
                        skill = id,
                        median_ms = Math.Round(medianGuarded, 1),
                        direct_median_ms = Math.Round(medianDirect, 1),
                        overhead_percent = Math.Round(overhead, 1),
                        executor_ms = guarded.Select(g => Math.Round(g, 1)),
                        direct_ms = direct.Select(d => Math.Round(d, 1)),
                    });
                }

                // The fixed cost per execution (guard, scope connection, value conversion, audit write), measured on a
                // query that does almost no work, so it does not drown in the noise of a loaded machine.
                const string tiny = "SELECT id, label_en FROM dim_channels";
                var (tinyGuarded, tinyDirect) = await PlainQuery.InterleaveAsync(31,
                    () => executor.RunAdhocAsync(tiny, context, ct), () => PlainQuery.RunAsync(plain, tiny, new Dictionary<string, object?>(), ct));

                var fixedOverhead = Median(tinyGuarded) - Median(tinyDirect);
                Console.Error.WriteLine($"fixed overhead per execution: {fixedOverhead:0.00} ms (executor {Median(tinyGuarded):0.00} ms vs direct {Median(tinyDirect):0.00} ms on a tiny query)");
                var summary = new
                {
                    people = parseResult.GetValue(store) is null ? parseResult.GetValue(people) : (int?)null,
                    events,
                    runs = runCount,
                    processors = Environment.ProcessorCount,
                    fixed_overhead_ms = Math.Round(fixedOverhead, 2),
                    tiny_query_executor_ms = Math.Round(Median(tinyGuarded), 2),
                    tiny_query_direct_ms = Math.Round(Median(tinyDirect), 2),
                    results,
                };
                if (asJson)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(summary, CliOutput.Indented));
                }
                else
                {
                    Console.Out.WriteLine($"{events:#,0} events, {runCount} runs, {Environment.ProcessorCount} cores; fixed overhead per execution {fixedOverhead:0.00} ms");
                    Console.Out.WriteLine("(per-skill medians above; the same SQL on a plain read-only connection is the baseline)");
                }

                return 0;
            }
            finally
            {
                BenchStore.DeleteScratch(work);
            }
        });
        return command;
    }
}
