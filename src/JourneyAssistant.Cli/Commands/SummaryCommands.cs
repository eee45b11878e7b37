using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey summary`: the weekly report as Markdown or self-contained HTML.</summary>
public sealed class SummaryCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host)
    {
        root.Subcommands.Add(SummaryCommand(host));
    }

    private static Command SummaryCommand(CliHost host)
    {
        var week = new Option<string?>("--week") { Description = "ISO week, e.g. 2026-W46 / ISO 周" };
        var asOf = CliOptions.AsOf("Summarise the last complete week on or before this date (yyyy-MM-dd) / 截至日期");
        var format = new Option<string>("--format") { Description = "md or html / 输出格式", DefaultValueFactory = _ => "md" };
        var lang = new Option<string>("--lang") { Description = "zh or en / 语言", DefaultValueFactory = _ => "zh" };
        var output = new Option<string?>("--out") { Description = "Write to this file (Markdown also writes its chart PNGs beside it) / 输出文件" };
        var db = CliOptions.ReportsDb();
        var json = CliOptions.Json();
        var user = new Option<string?>("--user") { Description = "Who the summary is for (their data scope, Access) / 周报读者（按其数据权限）" };
        var command = new Command("summary", "Weekly summary report / 周报") { week, asOf, format, lang, output, db, json, user };
        command.SetAction(async (parseResult, ct) =>
        {
            var language = Languages.Parse(parseResult.GetValue(lang));
            var formatValue = parseResult.GetValue(format)?.Trim().ToLowerInvariant();
            if (language is null || formatValue is not ("md" or "html"))
            {
                Console.Error.WriteLine("--lang must be zh or en, --format md or html / 语言须为 zh 或 en，格式须为 md 或 html");
                return 2;
            }

            if (!CliOptions.TryAsOf(parseResult.GetValue(asOf), out var asOfDate))
            {
                Console.Error.WriteLine($"--as-of must look like 2026-11-22 / 日期格式应为 2026-11-22: '{parseResult.GetValue(asOf)}'");
                return 2;
            }

            var weekText = parseResult.GetValue(week);
            if (weekText is not null && IsoWeek.TryParse(weekText) is null)
            {
                Console.Error.WriteLine($"--week must look like 2026-W46 / 周格式应为 2026-W46: '{weekText}'");
                return 2;
            }

            await using var services = await host.ReportsAsync(parseResult.GetValue(db), ct);
            // The same scope `ask` gives this user: a summary is data too.
            var reader = parseResult.GetValue(user) ?? Environment.UserName;
            var scope = services.GetService<IAccessPolicy>()?.ScopeFor(reader) ?? DataScope.All;
            if (scope.IsDenied)
            {
                Console.Error.WriteLine($"user '{reader}' has no data access (Access in appsettings.json): no summary / 用户 '{reader}' 没有数据访问权限，不生成周报");
                return 3;
            }

            WeeklySummaryReport report;
            try
            {
                report = await services.GetRequiredService<IWeeklySummary>()
                    .BuildAsync(new SummaryRequest(weekText, asOfDate, language.Value, reader, "cli", scope), ct);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or SkillExecutionException)
            {
                Console.Error.WriteLine($"summary failed / 周报生成失败: {e.Message}");
                return 1;
            }

            var text = formatValue == "html" ? report.Html : report.Markdown;
            string? written = null;
            if (parseResult.GetValue(output) is { } outPath)
            {
                written = Path.GetFullPath(outPath);
                Directory.CreateDirectory(Path.GetDirectoryName(written)!);
                await File.WriteAllTextAsync(written, text, ct);
                if (formatValue == "md")
                {
                    // The Markdown references its charts by file name; put them next to it.
                    var stem = Path.GetFileNameWithoutExtension(written);
                    foreach (var chart in report.Charts)
                    {
                        var name = WeeklySummaryReport.ChartFileName(report.FileStem, chart);
                        chart.SaveAs(Path.Combine(Path.GetDirectoryName(written)!, name));
                    }
                }
            }

            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    week = report.Week,
                    start = report.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    end = report.WeekEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    language = report.Language.Code(),
                    headline = report.Headline,
                    kpis = report.Kpis.Select(k => new { id = k.Id, label = k.Label, current = double.IsFinite(k.Current) ? k.Current : (double?)null, previous = double.IsFinite(k.Previous) ? k.Previous : (double?)null, change = k.ChangeText }),
                    caveats = report.Caveats,
                    data_scope = scope.Describe(),
                    charts = report.Charts.Select(c => new { kind = c.Kind, title = c.Title, bytes = c.Png.Length }),
                    output = written,
                    content = written is null ? text : null,
                }));
                return 0;
            }

            if (written is null)
            {
                Console.WriteLine(text);
            }
            else
            {
                Console.WriteLine($"{report.Headline}\n→ {written}");
            }

            return 0;
        });
        return command;
    }
}
