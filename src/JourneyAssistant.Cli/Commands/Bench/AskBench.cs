using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Evaluation;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Routing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>`journey bench ask`: offline ask latency in-process, with and without charts, and routing alone.</summary>
internal static class AskBench
{
    public static Command Create(CliHost host)
    {
        var db = CliOptions.AnalystDb();
        var runs = new Option<int>("--runs") { Description = "Passes over the question set / 轮数", DefaultValueFactory = _ => 3 };
        var json = CliOptions.Json();
        var command = new Command("ask", "Offline ask latency in-process, incl. charts / 离线问答耗时") { db, runs, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            var runCount = Math.Max(1, parseResult.GetValue(runs));
            var withCharts = await MeasureAsync(host, parseResult.GetValue(db), charts: true, runCount, ct);
            var withoutCharts = await MeasureAsync(host, parseResult.GetValue(db), charts: false, runCount, ct);
            var routing = await MeasureRoutingAsync(host, parseResult.GetValue(db), ct);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    questions = withCharts.Timings.Count,
                    p50_ms = Math.Round(EvalReport.Percentile(withCharts.Timings, 0.5), 1),
                    p95_ms = Math.Round(EvalReport.Percentile(withCharts.Timings, 0.95), 1),
                    max_ms = Math.Round(withCharts.Timings.Max(), 1),
                    no_charts_p50_ms = Math.Round(EvalReport.Percentile(withoutCharts.Timings, 0.5), 1),
                    no_charts_p95_ms = Math.Round(EvalReport.Percentile(withoutCharts.Timings, 0.95), 1),
                    routing_only_p50_ms = Math.Round(EvalReport.Percentile(routing, 0.5), 3),
                    routing_only_p95_ms = Math.Round(EvalReport.Percentile(routing, 0.95), 3),
                    kinds = withCharts.Kinds,
                }, CliOutput.OneLine));
            }
            else
            {
                foreach (var (label, m) in new[] { ("charts on / 含图表", withCharts), ("charts off / 不含图表", withoutCharts) })
                {
                    AnsiConsole.MarkupLine($"offline ask, {m.Timings.Count} questions, {label}: p50 [bold]{EvalReport.Percentile(m.Timings, 0.5):0.0} ms[/], p95 [bold]{EvalReport.Percentile(m.Timings, 0.95):0.0} ms[/], max {m.Timings.Max():0.0} ms");
                }

                AnsiConsole.MarkupLine($"routing + extraction only / 仅路由与参数提取: p50 {EvalReport.Percentile(routing, 0.5):0.000} ms, p95 {EvalReport.Percentile(routing, 0.95):0.000} ms");
                AnsiConsole.MarkupLine("targets / 目标: p50 ≤ 150 ms, p95 ≤ 400 ms (charts on)");
                AnsiConsole.MarkupLine(Markup.Escape(string.Join(", ", withCharts.Kinds.Select(k => $"{k.Key}: {k.Value}"))));
            }

            return 0;
        });
        return command;
    }

    private static readonly string[] BenchQuestions =
    [
        "哪个触点流失的用户最多？", "which channel converts best?", "上个月的复购率", "top 5 paths last month", "各触点的NPS",
        "工单解决要多久", "最近30天收入趋势", "首次触点归因", "week over week KPIs", "哪几天数据异常",
    ];

    private static async Task<(List<double> Timings, Dictionary<string, int> Kinds)> MeasureAsync(CliHost host, string? db, bool charts, int runs, CancellationToken ct)
    {
        await using var services = await host.AnalystAsync(db, null, true, ct, charts);
        var analyst = services.GetRequiredService<IAnalyst>();
        var asOf = new DateOnly(2026, 11, 23);

        // Warm-up: first-use costs (store open, catalog load, fonts) are not what a running bot pays per question.
        foreach (var q in BenchQuestions)
        {
            await analyst.AskAsync(new Question(q, AsOf: asOf), ct);
        }

        var timings = new List<double>();
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var run = 0; run < runs; run++)
        {
            foreach (var q in BenchQuestions)
            {
                var watch = Stopwatch.StartNew();
                var answer = await analyst.AskAsync(new Question(q, AsOf: asOf), ct);
                timings.Add(watch.Elapsed.TotalMilliseconds);
                kinds[answer.Kind.ToString()] = kinds.GetValueOrDefault(answer.Kind.ToString()) + 1;
            }
        }

        return (timings, kinds);
    }

    // The analyst's own share of the latency: screening, fact extraction and routing, without SQL or charts.
    private static async Task<List<double>> MeasureRoutingAsync(CliHost host, string? db, CancellationToken ct)
    {
        await using var services = await host.AnalystAsync(db, null, true, ct, charts: false);
        var router = services.GetRequiredService<SkillRouter>();
        var facts = services.GetRequiredService<FactExtractor>();
        var asOf = new DateOnly(2026, 11, 23);
        var timings = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            foreach (var q in BenchQuestions)
            {
                var watch = Stopwatch.StartNew();
                QuestionScreen.Check(q);
                router.Route(q, facts.Extract(q, asOf));
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return timings.Skip(BenchQuestions.Length).ToList();
    }
}
