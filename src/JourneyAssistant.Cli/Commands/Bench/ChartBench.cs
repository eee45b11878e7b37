using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using JourneyAssistant.Charts;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;
using static JourneyAssistant.Cli.Commands.Bench.BenchStatistics;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>`journey bench charts`: every chart kind's render time on real skill results, and the weekly summary's build time.</summary>
internal static class ChartBench
{
    public static Command Create(CliHost host)
    {
        var runs = new Option<int>("--runs") { Description = "Renders per chart kind / 每种图表渲染次数", DefaultValueFactory = _ => 20 };
        var summaries = new Option<int>("--summaries") { Description = "Weekly summary builds to time / 周报生成次数", DefaultValueFactory = _ => 3 };
        var week = new Option<string?>("--week") { Description = "Week for the summary timing (default: the store's last complete week) / 周" };
        var db = CliOptions.ReportsDb();
        var json = CliOptions.Json();
        var command = new Command("charts", "Chart render and weekly summary timings / 图表与周报耗时") { runs, summaries, week, db, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var runCount = Math.Max(1, parseResult.GetValue(runs));
            await using var services = await host.ReportsAsync(parseResult.GetValue(db), ct);
            var catalog = services.GetRequiredService<ISkillCatalog>();
            var executor = services.GetRequiredService<ISkillExecutor>();
            var charts = services.GetRequiredService<IJourneyCharts>();
            var context = ExecutionContext.Local("bench charts");

            // Real results: every catalog skill with its defaults, each drawn as the kind it asks for.
            var perKind = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
            var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
            var queries = new List<(string Skill, double Ms)>();
            foreach (var skill in catalog.Skills)
            {
                Skills.Results.SkillResult result;
                try
                {
                    result = await executor.RunAsync(skill, null, context, ct);
                    queries.Add((skill.Id, result.Duration.TotalMilliseconds));
                }
                catch (SkillExecutionException)
                {
                    continue;
                }

                foreach (var language in new[] { Language.Zh, Language.En })
                {
                    var first = charts.Render(result, language);
                    var timings = perKind.TryGetValue(first.Kind, out var list) ? list : perKind[first.Kind] = [];
                    sizes[first.Kind] = Math.Max(sizes.GetValueOrDefault(first.Kind), first.Png.Length);
                    for (var i = 0; i < runCount; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        charts.Render(result, language);
                        timings.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }
            }

            var summary = services.GetRequiredService<IWeeklySummary>();
            var request = new SummaryRequest(parseResult.GetValue(week), AsOf: await LatestDateAsync(executor, context, ct), Language: Language.Zh);
            var summaryTimes = new List<double>();
            string? resolvedWeek = null;
            for (var i = 0; i < Math.Max(1, parseResult.GetValue(summaries)); i++)
            {
                var watch = Stopwatch.StartNew();
                var report = await summary.BuildAsync(request, ct);
                summaryTimes.Add(watch.Elapsed.TotalMilliseconds);
                resolvedWeek = report.Week;
            }

            var rows = perKind.Select(p => new { kind = p.Key, renders = p.Value.Count, median_ms = Math.Round(LowerMedian(p.Value), 1), p90_ms = Math.Round(Percentile(p.Value, 0.9), 1), max_png_bytes = sizes[p.Key] }).ToList();
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    charts = rows,
                    queries = queries.Select(q => new { skill = q.Skill, ms = Math.Round(q.Ms, 1) }),
                    summary = new { week = resolvedWeek, builds = summaryTimes.Count, first_ms = Math.Round(summaryTimes[0]), median_ms = Math.Round(LowerMedian(summaryTimes)) },
                }));
                return 0;
            }

            Console.WriteLine("| kind | renders | median ms | p90 ms | largest PNG |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var row in rows)
            {
                Console.WriteLine($"| {row.kind} | {row.renders} | {row.median_ms:0.0} | {row.p90_ms:0.0} | {row.max_png_bytes / 1024.0:0} KB |");
            }

            Console.WriteLine($"skill queries (defaults, one run each, sequential): {string.Join(", ", queries.Select(q => $"{q.Skill} {q.Ms:0} ms"))}");
            Console.WriteLine($"weekly summary {resolvedWeek}: first {summaryTimes[0]:0} ms, median {LowerMedian(summaryTimes):0} ms over {summaryTimes.Count} builds");
            return 0;
        });
        return command;
    }

    private static async Task<DateOnly?> LatestDateAsync(ISkillExecutor executor, ExecutionContext context, CancellationToken ct)
    {
        var result = await executor.RunAdhocAsync("SELECT max(local_date) AS latest_date FROM journey_events", context, ct);
        return result.Rows.Count > 0 && result.Rows[0][0] is DateOnly date ? date : result.Rows.Count > 0 && result.Rows[0][0] is DateTime dt ? DateOnly.FromDateTime(dt) : null;
    }
}
