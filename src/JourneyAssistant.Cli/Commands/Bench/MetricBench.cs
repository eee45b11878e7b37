using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Metrics;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Compilation;
using JourneyAssistant.Samples;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static JourneyAssistant.Cli.Commands.Bench.BenchStatistics;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>
/// `journey bench metrics`: 30 metric questions on a generated store (10M events at the default size): end-to-end ask
/// latency (p50/p95 of per-question medians), planning alone (question → plan → SQL), and the guarded executor's cost
/// over running the same SQL on a plain read-only connection.
/// </summary>
internal static class MetricBench
{
    /// <summary>The benchmark's questions: totals, days, filters, cuts, rankings and comparisons, in both languages.</summary>
    public static readonly IReadOnlyList<string> Questions =
    [
        "What is total revenue?", "总收入是多少？", "整体转化率是多少？", "What is the overall conversion rate?",
        "2026年11月9日有多少笔支付成功？", "上周支付成功的订单数比前一周变化了多少？", "How many orders did we get on November 11, 2026?",
        "上个月的客单价是多少？", "What was revenue last month?", "10月的订单数是多少？", "华东地区上周有多少笔订单？",
        "How many orders did the mini program get in October?", "上个月按渠道看收入分别是多少？", "Break down last week's orders by channel",
        "10月哪个地区的订单最多？", "Which channel had the most buyers last week?", "每天的订单数趋势", "weekly revenue by week for October",
        "上周触达人数环比变化了多少？", "How did revenue change week over week?", "NPS 周环比", "上个月的NPS是多少？",
        "What was the CSAT score in October?", "工单量一共多少", "上周的工单解决时长是多少？", "ad clicks by campaign last month",
        "9月份的广告点击率是多少？", "上个月有多少次推荐分享？", "How many new members signed up last month?", "总体复购率是多少？",
    ];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create(CliHost host)
    {
        var people = new Option<int>("--people") { Description = "People to simulate (2.1M ≈ 10M events) / 模拟人数", DefaultValueFactory = _ => 2_100_000 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per question; medians are reported / 每题运行次数", DefaultValueFactory = _ => 5 };
        var store = new Option<string?>("--store") { Description = "Use this existing store instead of generating one / 使用已有数据库" };
        var json = CliOptions.Json();
        var command = new Command("metrics", "30 metric questions: ask latency, planning time, executor overhead / 指标问答性能基准") { people, runs, store, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var runCount = Math.Max(1, parseResult.GetValue(runs));
            var work = Path.Combine(Path.GetTempPath(), $"journey-bench-metrics-{Environment.ProcessId}");
            Directory.CreateDirectory(work);
            try
            {
                var storePath = parseResult.GetValue(store) is { } s ? Path.GetFullPath(s) : Path.Combine(work, "bench.duckdb");
                if (parseResult.GetValue(store) is null)
                {
                    await BenchStore.GenerateAsync(host, parseResult.GetValue(people), new SampleOptions().Seed, Path.Combine(work, "canonical"), storePath, ct);
                    Directory.Delete(Path.Combine(work, "canonical"), recursive: true);
                }

                var config = host.With(new Dictionary<string, string?>
                {
                    ["Store:Path"] = storePath,
                    ["Store:PiiKey"] = BenchStore.PiiKey,
                    ["Skills:AuditPath"] = Path.Combine(work, "audit.duckdb"),
                    ["Skills:ResultCache:Enabled"] = "false", // each run pays for its query, as a new question does
                    ["Analyst:RenderCharts"] = "false",
                    ["Analyst:ChartDirectory"] = Path.Combine(work, "charts"),
                });
                await using var services = host.AnalystServices(config);
                await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(ct: ct);
                var analyst = services.GetRequiredService<IAnalyst>();
                var executor = services.GetRequiredService<SkillExecutor>();
                var events = Convert.ToInt64((await executor.RunAdhocAsync("SELECT count(*) FROM journey_events", ExecutionContext.Local("bench"), ct)).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
                var asOf = new DateOnly(2026, 11, 23);

                // End to end: question → answer, per question the median of its runs.
                var perQuestion = new List<(string Question, string? Skill, double Median)>();
                foreach (var question in Questions)
                {
                    var first = await analyst.AskAsync(new Question(question, "bench", "cli", null, asOf), ct); // warm-up
                    var times = new List<double>();
                    for (var run = 0; run < runCount; run++)
                    {
                        var clock = Stopwatch.StartNew();
                        await analyst.AskAsync(new Question(question, "bench", "cli", null, asOf), ct);
                        times.Add(clock.Elapsed.TotalMilliseconds);
                    }

                    perQuestion.Add((question, first.Skill, LowerMedian(times)));
                    Console.Error.WriteLine($"{LowerMedian(times),8:0.0} ms  {first.Skill,-28} {question}");
                }

                // Planning alone: facts → metric plan → compiled SQL, no store.
                var catalog = services.GetRequiredService<IMetricCatalog>();
                var planner = new MetricPlanner(catalog, services.GetRequiredService<IJourneyDictionary>());
                var facts = services.GetRequiredService<FactExtractor>();
                var compiler = new MetricCompiler(catalog.Dimensions, services.GetRequiredService<IJourneyDictionary>());
                var anchor = PeriodAnchor.For(asOf, explicitAsOf: true, StaleDataPolicy.DataEnd, DataProfile.Unknown);
                var planning = new List<double>();
                var compiled = new List<CompiledMetric>();
                for (var round = 0; round < 20; round++)
                {
                    foreach (var question in Questions)
                    {
                        var clock = Stopwatch.StartNew();
                        var candidate = planner.Plan(anchor.Extract(facts, question), new NamedValues([], null), anchor);
                        var query = candidate?.Plan is { } plan ? compiler.Compile(plan) : null;
                        planning.Add(clock.Elapsed.TotalMilliseconds);
                        if (round == 0 && query is not null)
                        {
                            compiled.Add(query);
                        }
                    }
                }

                // The executor (bind, guard, bound-plan gate, scope, limits, audit) against the same SQL on a plain connection.
                await using var plain = new DuckDBConnection($"Data Source={storePath};ACCESS_MODE=READ_ONLY");
                await plain.OpenAsync(ct);
                var binder = services.GetRequiredService<ParameterBinder>();
                double guardedTotal = 0, directTotal = 0;
                foreach (var query in compiled)
                {
                    var arguments = query.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value);
                    var bound = binder.Bind(query.Query, arguments, asOf);
                    var context = ExecutionContext.Local("bench", asOf);
                    await executor.RunAsync(query.Query, arguments, context, ct);
                    await PlainQuery.RunAsync(plain, query.Query.Sql, bound.Sql, ct);
                    var (guarded, direct) = await PlainQuery.InterleaveAsync(runCount,
                        () => executor.RunAsync(query.Query, arguments, context, ct), () => PlainQuery.RunAsync(plain, query.Query.Sql, bound.Sql, ct));

                    guardedTotal += LowerMedian(guarded);
                    directTotal += LowerMedian(direct);
                }

                var medians = perQuestion.Select(p => p.Median).ToList();
                var summary = new
                {
                    events,
                    questions = Questions.Count,
                    metric_answers = perQuestion.Count(p => p.Skill?.StartsWith("metric:", StringComparison.Ordinal) == true),
                    runs = runCount,
                    processors = Environment.ProcessorCount,
                    ask_p50_ms = Math.Round(Percentile(medians, 0.5), 1),
                    ask_p95_ms = Math.Round(Percentile(medians, 0.95), 1),
                    ask_max_ms = Math.Round(medians.Max(), 1),
                    planning_p50_ms = Math.Round(Percentile(planning, 0.5), 3),
                    planning_p95_ms = Math.Round(Percentile(planning, 0.95), 3),
                    compiled_queries = compiled.Count,
                    executor_sum_of_medians_ms = Math.Round(guardedTotal, 1),
                    direct_sum_of_medians_ms = Math.Round(directTotal, 1),
                    executor_overhead_percent = Math.Round((guardedTotal - directTotal) / directTotal * 100, 1),
                    per_question = perQuestion.Select(p => new { question = p.Question, answered_by = p.Skill, median_ms = Math.Round(p.Median, 1) }),
                };
                Console.Out.WriteLine(parseResult.GetValue(json)
                    ? JsonSerializer.Serialize(summary, Json)
                    : $"{events:#,0} events, {Questions.Count} questions ({summary.metric_answers} by metrics), {runCount} runs: ask p50 {summary.ask_p50_ms} ms, p95 {summary.ask_p95_ms} ms; "
                      + $"planning p95 {summary.planning_p95_ms} ms; executor overhead {summary.executor_overhead_percent} % over plain SQL");
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
