using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using JourneyAssistant.Analyst;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Evaluation;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey ask`, `journey chat`, `journey eval` and `journey bench ask`: questions in plain Chinese or English.</summary>
public sealed class AskCommands : ICommandModule
{
    /// <summary>JSON as `--json` prints it: Chinese kept readable, one line.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public void AddTo(RootCommand root, CliHost host)
    {
        root.Subcommands.Add(AskCommand(host));
        root.Subcommands.Add(ChatCommand(host));
        root.Subcommands.Add(EvalCommand(host));

        var bench = root.Subcommands.FirstOrDefault(c => c.Name == "bench");
        if (bench is null)
        {
            bench = new Command("bench", "Benchmarks / 性能基准");
            root.Subcommands.Add(bench);
        }

        bench.Subcommands.Add(BenchAskCommand(host));
    }

    private static Option<string?> DbOption() => new("--db") { Description = "Store file (default Store:Path) / 数据库文件" };

    private static Option<string?> AsOfOption() => new("--as-of") { Description = "Fix \"today\" for relative dates (yyyy-MM-dd) / 指定“今天”" };

    private static Command AskCommand(CliHost host)
    {
        var question = new Argument<string>("question") { Description = "The question, in Chinese or English / 问题（中文或英文）" };
        var db = DbOption();
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object / 输出一个 JSON 对象" };
        var asOf = AsOfOption();
        var user = new Option<string?>("--user") { Description = "Who is asking (data scope) / 提问人" };
        var chartDir = new Option<string?>("--chart-dir") { Description = "Folder for chart PNGs / 图表输出目录" };
        var command = new Command("ask", "Ask a question about customer journeys / 提问") { question, db, json, asOf, user, chartDir };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            if (!TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                return Fail(asJson, $"--as-of must look like 2026-11-23 / 日期格式应为 2026-11-23: '{parseResult.GetValue(asOf)}'");
            }

            await using var services = await BuildServicesAsync(host, parseResult.GetValue(db), parseResult.GetValue(chartDir), asJson, ct);
            var analyst = services.GetRequiredService<IAnalyst>();
            var answer = await analyst.AskAsync(new Question(parseResult.GetValue(question) ?? "", parseResult.GetValue(user) ?? Environment.UserName, "cli", null, asOfDate), ct);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, Json));
            }
            else
            {
                AnswerView.Write(answer);
            }

            return answer.Kind == AnswerKind.Failed ? 1 : 0;
        });
        return command;
    }

    private static Command ChatCommand(CliHost host)
    {
        var db = DbOption();
        var asOf = AsOfOption();
        var user = new Option<string?>("--user") { Description = "Who is asking (data scope) / 提问人" };
        var command = new Command("chat", "Interactive session with follow-ups / 交互式对话（支持追问）") { db, asOf, user };
        command.SetAction(async (parseResult, ct) =>
        {
            if (!TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                return Fail(false, "--as-of must look like 2026-11-23 / 日期格式应为 2026-11-23");
            }

            await using var services = await BuildServicesAsync(host, parseResult.GetValue(db), null, false, ct);
            var analyst = services.GetRequiredService<IAnalyst>();
            var conversation = Guid.NewGuid().ToString("N");
            AnsiConsole.MarkupLine("[grey]Ask in Chinese or English; follow-ups like “按渠道拆分” / “what about last month?” work. Empty line or /exit to quit. / 输入问题，空行或 /exit 退出。[/]");
            while (!ct.IsCancellationRequested)
            {
                AnsiConsole.Markup("[bold blue]?[/] ");
                var line = Console.ReadLine();
                if (line is null || string.IsNullOrWhiteSpace(line) || line.Trim() is "/exit" or "/quit" or "exit" or "quit")
                {
                    break;
                }

                var answer = await analyst.AskAsync(new Question(line, parseResult.GetValue(user) ?? Environment.UserName, "cli", conversation, asOfDate), ct);
                AnswerView.Write(answer);
            }

            return 0;
        });
        return command;
    }

    private static Command EvalCommand(CliHost host)
    {
        var file = new Option<string?>("--file") { Description = "Question file (default: tests/eval/questions.yaml and tests/eval/holdout.yaml) / 评测题目文件（默认两份都跑）" };
        var db = DbOption();
        var asOf = AsOfOption();
        var threshold = new Option<double?>("--threshold") { Description = "Minimum overall accuracy, 0..1 (default: the file's threshold:, else 0.95) / 最低总体准确率" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object / 输出 JSON" };
        var verbose = new Option<bool>("--verbose") { Description = "List every miss / 列出每个错误" };
        var command = new Command("eval", "Routing and answer accuracy over the evaluation questions / 评测问答准确率") { file, db, asOf, threshold, json, verbose };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            if (!TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                return Fail(asJson, "--as-of must look like 2026-11-23 / 日期格式应为 2026-11-23");
            }

            var paths = parseResult.GetValue(file) is { } one ? [one] : EvalSuite.DefaultPaths;
            var suites = new List<(string Path, EvalSuite Suite)>();
            foreach (var relative in paths)
            {
                var path = ContentRoot.Combine(host.ContentRoot, relative);
                try
                {
                    suites.Add((relative, EvalSuite.Load(path)));
                }
                catch (Exception e) when (e is IOException or FormatException or YamlDotNet.Core.YamlException)
                {
                    return Fail(asJson, $"cannot read {path} / 无法读取评测文件: {e.Message}");
                }
            }

            await using var services = await BuildServicesAsync(host, parseResult.GetValue(db), null, asJson, ct);
            var results = new List<(string Path, string Store, EvalReport Report, double Threshold, bool Passed)>();
            foreach (var (path, suite) in suites)
            {
                // Each file runs on a fresh conversation state, so one file's follow-ups cannot leak into the next;
                // a file about another company's store runs on that store, with that file's own as-of date.
                EvalReport report;
                if (suite.Store is { } other)
                {
                    var otherDb = await EvalStores.EnsureAsync(host, other, ct);
                    await using var otherServices = await BuildServicesAsync(host, otherDb, null, asJson, ct);
                    report = await new EvalRunner(otherServices.GetRequiredService<IAnalyst>()).RunAsync(suite, suite.AsOf, ct);
                }
                else
                {
                    report = await new EvalRunner(services.GetRequiredService<IAnalyst>()).RunAsync(suite, asOfDate ?? suite.AsOf, ct);
                }

                var bar = parseResult.GetValue(threshold) ?? suite.Threshold ?? EvalRunner.DefaultThreshold;
                results.Add((path, suite.Store?.Key ?? "sample", report, bar, report.Accuracy >= bar));
            }

            // Each store, all its files' questions together, must hold the product bar (issue 16): a store the
            // product has never seen counts as much as our own sample.
            var stores = results.GroupBy(r => r.Store, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Correct: g.Sum(r => r.Report.Correct), Total: g.Sum(r => r.Report.Total)))
                .Select(g => (g.Name, g.Correct, g.Total, Passed: g.Total > 0 && (double)g.Correct / g.Total >= (parseResult.GetValue(threshold) ?? EvalRunner.DefaultThreshold)))
                .ToList();
            var passed = results.All(r => r.Passed) && stores.All(s => s.Passed);
            if (asJson)
            {
                // One file keeps the single-report shape; several files nest one report per file, with the per-store totals.
                object payload = results.Count == 1
                    ? results[0].Report.ToJson(passed)
                    : new
                    {
                        passed,
                        stores = stores.Select(s => new { name = s.Name, passed = s.Correct, total = s.Total, accuracy = Math.Round((double)s.Correct / Math.Max(1, s.Total), 4), gate = s.Passed }),
                        files = results.Select(r => new { file = r.Path, store = r.Store, threshold = r.Threshold, report = r.Report.ToJson(r.Passed) }),
                    };
                Console.WriteLine(JsonSerializer.Serialize(payload, Json));
                return passed ? 0 : 1;
            }

            foreach (var (path, _, report, bar, filePassed) in results)
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(path)}[/]");
                var table = new Table().AddColumns("category / 类别", "questions / 题数", "correct / 正确", "accuracy / 准确率");
                foreach (var category in report.Categories)
                {
                    table.AddRow(Markup.Escape(category.Name), category.Total.ToString(CultureInfo.InvariantCulture), category.Correct.ToString(CultureInfo.InvariantCulture), $"{category.Accuracy:P1}");
                }

                table.AddRow("[bold]overall / 总体[/]", report.Total.ToString(CultureInfo.InvariantCulture), report.Correct.ToString(CultureInfo.InvariantCulture), $"[bold]{report.Accuracy:P1}[/]");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"latency / 耗时: p50 {report.P50Ms:0.0} ms, p95 {report.P95Ms:0.0} ms, max {report.MaxMs:0.0} ms");
                foreach (var miss in report.Misses.Take(parseResult.GetValue(verbose) ? int.MaxValue : 15))
                {
                    AnsiConsole.MarkupLine($"[red]✗[/] {Markup.Escape(miss.Id)} {Markup.Escape(miss.Question)} → {Markup.Escape(miss.Reason)}");
                }

                AnsiConsole.MarkupLine(filePassed ? "[green]PASS[/]" : $"[red]FAIL[/]: below {bar:P0}");
            }

            if (results.Count > 1)
            {
                var perStore = new Table().AddColumns("store / 数据库", "questions / 题数", "correct / 正确", "accuracy / 准确率", "gate / 门槛");
                foreach (var (name, correct, total, storePassed) in stores)
                {
                    perStore.AddRow(Markup.Escape(name), total.ToString(CultureInfo.InvariantCulture), correct.ToString(CultureInfo.InvariantCulture),
                        $"{(double)correct / Math.Max(1, total):P1}", storePassed ? "[green]PASS[/]" : "[red]FAIL[/]");
                }

                AnsiConsole.Write(perStore);
            }

            return passed ? 0 : 1;
        });
        return command;
    }

    private static Command BenchAskCommand(CliHost host)
    {
        var db = DbOption();
        var runs = new Option<int>("--runs") { Description = "Passes over the question set / 轮数", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object / 输出 JSON" };
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
                }, Json));
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
        await using var services = await BuildServicesAsync(host, db, null, true, ct, charts);
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
        await using var services = await BuildServicesAsync(host, db, null, true, ct, charts: false);
        var router = services.GetRequiredService<Analyst.Routing.SkillRouter>();
        var facts = services.GetRequiredService<Analyst.Extraction.FactExtractor>();
        var asOf = new DateOnly(2026, 11, 23);
        var timings = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            foreach (var q in BenchQuestions)
            {
                var watch = Stopwatch.StartNew();
                Analyst.Routing.QuestionScreen.Check(q);
                router.Route(q, facts.Extract(q, asOf));
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return timings.Skip(BenchQuestions.Length).ToList();
    }

    private static bool TryAsOf(string? text, out DateOnly? asOf)
    {
        asOf = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            asOf = parsed;
            return true;
        }

        return false;
    }

    private static int Fail(bool asJson, string message)
    {
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { error = message }, Json));
        }
        else
        {
            Console.Error.WriteLine(message);
        }

        return 2;
    }

    /// <summary>Composes the analyst for one command and makes sure the default store exists (built from sample-data on first use).</summary>
    private static async Task<ServiceProvider> BuildServicesAsync(CliHost host, string? db, string? chartDir, bool quiet, CancellationToken ct, bool? charts = null)
    {
        var overrides = new Dictionary<string, string?>();
        if (charts is { } render)
        {
            overrides["Analyst:RenderCharts"] = render ? "true" : "false";
        }

        if (!string.IsNullOrWhiteSpace(db))
        {
            overrides["Store:Path"] = Path.GetFullPath(db);
        }

        if (!string.IsNullOrWhiteSpace(chartDir))
        {
            overrides["Analyst:ChartDirectory"] = Path.GetFullPath(chartDir);
        }

        var configuration = new ConfigurationBuilder().AddConfiguration(host.Configuration).AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration) // modules that read settings from DI (e.g. Charts:CacheEntries) see the same configuration as the web host gives them
            .AddJourneyAnalyst(configuration, host.ContentRoot)
            .BuildServiceProvider();
        var bootstrapper = services.GetRequiredService<StoreBootstrapper>();
        IProgress<Store.Ingestion.IngestProgress>? progress = quiet ? null : new Progress<Store.Ingestion.IngestProgress>(p => Console.Error.WriteLine($"building store / 正在构建数据库: {p.File} {p.Step}"));
        await bootstrapper.EnsureBuiltAsync(progress, ct);
        return services;
    }
}

/// <summary>Writes an answer for people: headline, table, recommendations, how it was computed, SQL and chart path.</summary>
public static class AnswerView
{
    public static void Write(Answer answer)
    {
        var zh = answer.Language == "zh";
        var color = answer.Kind switch
        {
            AnswerKind.Answered or AnswerKind.Summary => "green",
            AnswerKind.Failed => "red",
            _ => "yellow",
        };
        AnsiConsole.MarkupLine($"[bold {color}]{Markup.Escape(answer.Text)}[/]");
        if (answer.Rows.Count > 0 && answer.Columns.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in answer.Columns)
            {
                table.AddColumn(Markup.Escape(column.Label));
            }

            foreach (var row in answer.Rows.Take(20))
            {
                table.AddRow(row.Select((v, i) => Markup.Escape(Cell(v, answer.Columns[i].Role, answer.Columns[i].Unit))).ToArray());
            }

            AnsiConsole.Write(table);
            if (answer.Rows.Count > 20)
            {
                AnsiConsole.MarkupLine($"[grey]… {answer.Rows.Count - 20} more rows / 还有 {answer.Rows.Count - 20} 行[/]");
            }
        }

        if (answer.Recommendations.Count > 0)
        {
            AnsiConsole.MarkupLine(zh ? "[bold]建议[/]" : "[bold]Recommendations[/]");
            foreach (var r in answer.Recommendations)
            {
                var owner = r.Owner is null ? "" : zh ? $"；负责人：{r.Owner}" : $"; owner: {r.Owner}";
                AnsiConsole.MarkupLine($" • {Markup.Escape(r.Action)} [grey]({Markup.Escape((zh ? "关注指标：" : "watch: ") + r.Metric + owner)})[/]");
            }
        }

        if (!string.IsNullOrWhiteSpace(answer.Explanation))
        {
            AnsiConsole.MarkupLine(zh ? "[bold]口径与说明[/]" : "[bold]How this was computed[/]");
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(answer.Explanation)}[/]");
        }

        if (answer.GeneratedSql)
        {
            AnsiConsole.MarkupLine(zh ? "[bold red]模型生成的 SQL，请复核[/]" : "[bold red]generated SQL — please review[/]");
        }

        if (answer.Sql is { } sql)
        {
            AnsiConsole.Write(new Panel(Markup.Escape(sql.Trim())) { Header = new PanelHeader("SQL"), Border = BoxBorder.Rounded });
        }

        if (answer.Chart is { } chart)
        {
            AnsiConsole.MarkupLine((zh ? "图表：" : "Chart: ") + Markup.Escape(chart));
        }

        if (answer.FollowUps.Count > 0)
        {
            AnsiConsole.MarkupLine(zh ? "[bold]还可以问[/]" : "[bold]You could also ask[/]");
            foreach (var f in answer.FollowUps)
            {
                AnsiConsole.MarkupLine($" › {Markup.Escape(f)}");
            }
        }

        if (answer.Reference is { } reference)
        {
            AnsiConsole.MarkupLine($"[grey]{(zh ? "参考编号" : "reference")}: {Markup.Escape(reference)}[/]");
        }
    }

    private static string Cell(object? value, string role, string? unit) => JourneyAssistant.Store.Localization.NumberText.WithoutNegativeZero(value switch
    {
        null => "—",
        double d when role == "percent" => (d * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        decimal m when role == "percent" => ((double)m * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        double d when role == "currency" => (unit ?? JourneyAssistant.Store.Localization.Currency.Default.Symbol) + d.ToString("#,##0.00", CultureInfo.InvariantCulture),
        decimal m when role == "currency" => (unit ?? JourneyAssistant.Store.Localization.Currency.Default.Symbol) + m.ToString("#,##0.00", CultureInfo.InvariantCulture),
        double d => d.ToString("#,##0.##", CultureInfo.InvariantCulture),
        decimal m => m.ToString("#,##0.##", CultureInfo.InvariantCulture),
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString("#,##0", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    });
}
