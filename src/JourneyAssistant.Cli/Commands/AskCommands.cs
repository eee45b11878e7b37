using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Evaluation;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey ask`, `journey chat` and `journey eval`: questions in plain Chinese or English.</summary>
public sealed class AskCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host)
    {
        root.Subcommands.Add(AskCommand(host));
        root.Subcommands.Add(ChatCommand(host));
        root.Subcommands.Add(EvalCommand(host));
    }

    private static Option<string?> AsOfOption() => CliOptions.AsOf("Fix \"today\" for relative dates (yyyy-MM-dd) / 指定“今天”");

    private static Command AskCommand(CliHost host)
    {
        var question = new Argument<string>("question") { Description = "The question, in Chinese or English / 问题（中文或英文）" };
        var db = CliOptions.AnalystDb();
        var json = CliOptions.Json(CliOptions.ExactlyOneJsonObject);
        var asOf = AsOfOption();
        var user = new Option<string?>("--user") { Description = "Who is asking (data scope) / 提问人" };
        var chartDir = new Option<string?>("--chart-dir") { Description = "Folder for chart PNGs / 图表输出目录" };
        var command = new Command("ask", "Ask a question about customer journeys / 提问") { question, db, json, asOf, user, chartDir };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            if (!CliOptions.TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                return CliOutput.Fail(asJson, $"--as-of must look like 2026-11-23 / 日期格式应为 2026-11-23: '{parseResult.GetValue(asOf)}'", 2, CliOutput.OneLine);
            }

            await using var services = await host.AnalystAsync(parseResult.GetValue(db), parseResult.GetValue(chartDir), asJson, ct);
            var analyst = services.GetRequiredService<IAnalyst>();
            var answer = await analyst.AskAsync(new Question(parseResult.GetValue(question) ?? "", parseResult.GetValue(user) ?? Environment.UserName, "cli", null, asOfDate), ct);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, CliOutput.OneLine));
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
        var db = CliOptions.AnalystDb();
        var asOf = AsOfOption();
        var user = new Option<string?>("--user") { Description = "Who is asking (data scope) / 提问人" };
        var command = new Command("chat", "Interactive session with follow-ups / 交互式对话（支持追问）") { db, asOf, user };
        command.SetAction(async (parseResult, ct) =>
        {
            if (!CliOptions.TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                return CliOutput.Fail(false, "--as-of must look like 2026-11-23 / 日期格式应为 2026-11-23", 2, CliOutput.OneLine);
            }

            await using var services = await host.AnalystAsync(parseResult.GetValue(db), null, false, ct);
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
        var db = CliOptions.AnalystDb();
        var asOf = AsOfOption();
        var threshold = new Option<double?>("--threshold") { Description = "Minimum overall accuracy, 0..1 (default: the file's threshold:, else 0.95) / 最低总体准确率" };
        var json = CliOptions.Json();
        var verbose = new Option<bool>("--verbose") { Description = "List every miss / 列出每个错误" };
        var command = new Command("eval", "Routing and answer accuracy over the evaluation questions / 评测问答准确率") { file, db, asOf, threshold, json, verbose };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            if (!CliOptions.TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                return CliOutput.Fail(asJson, "--as-of must look like 2026-11-23 / 日期格式应为 2026-11-23", 2, CliOutput.OneLine);
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
                    return CliOutput.Fail(asJson, $"cannot read {path} / 无法读取评测文件: {e.Message}", 2, CliOutput.OneLine);
                }
            }

            await using var services = await host.AnalystAsync(parseResult.GetValue(db), null, asJson, ct);
            var results = new List<(string Path, string Store, EvalReport Report, double Threshold, bool Passed)>();
            foreach (var (path, suite) in suites)
            {
                // Each file runs on a fresh conversation state, so one file's follow-ups cannot leak into the next;
                // a file about another company's store runs on that store, with that file's own as-of date.
                EvalReport report;
                if (suite.Store is { } other)
                {
                    var otherDb = await EvalStores.EnsureAsync(host, other, ct);
                    await using var otherServices = await host.AnalystAsync(otherDb, null, asJson, ct);
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
                Console.WriteLine(JsonSerializer.Serialize(payload, CliOutput.OneLine));
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
}
