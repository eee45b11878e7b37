using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Charts;
using JourneyAssistant.Reports;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ExecutionContext = JourneyAssistant.Skills.ExecutionContext;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey summary` (the weekly report as Markdown or self-contained HTML) and `journey bench charts`.</summary>
public sealed class SummaryCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host)
    {
        root.Subcommands.Add(SummaryCommand(host));

        // Several modules add benchmarks; whoever comes first creates `bench`.
        var bench = root.Subcommands.FirstOrDefault(c => c.Name == "bench");
        if (bench is null)
        {
            bench = new Command("bench", "Benchmarks / 性能基准");
            root.Subcommands.Add(bench);
        }

        bench.Subcommands.Add(BenchChartsCommand(host));
    }

    private static Command SummaryCommand(CliHost host)
    {
        var week = new Option<string?>("--week") { Description = "ISO week, e.g. 2026-W46 / ISO 周" };
        var asOf = new Option<string?>("--as-of") { Description = "Summarise the last complete week on or before this date (yyyy-MM-dd) / 截至日期" };
        var format = new Option<string>("--format") { Description = "md or html / 输出格式", DefaultValueFactory = _ => "md" };
        var lang = new Option<string>("--lang") { Description = "zh or en / 语言", DefaultValueFactory = _ => "zh" };
        var output = new Option<string?>("--out") { Description = "Write to this file (Markdown also writes its chart PNGs beside it) / 输出文件" };
        var db = new Option<string?>("--db") { Description = "Store file (default Store:Path); its audit log goes beside it / 数据库文件" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object / 输出 JSON" };
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

            DateOnly? asOfDate = null;
            if (parseResult.GetValue(asOf) is { } asOfText)
            {
                if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    Console.Error.WriteLine($"--as-of must look like 2026-11-22 / 日期格式应为 2026-11-22: '{asOfText}'");
                    return 2;
                }

                asOfDate = parsed;
            }

            var weekText = parseResult.GetValue(week);
            if (weekText is not null && IsoWeek.TryParse(weekText) is null)
            {
                Console.Error.WriteLine($"--week must look like 2026-W46 / 周格式应为 2026-W46: '{weekText}'");
                return 2;
            }

            await using var services = await BuildServicesAsync(host, parseResult.GetValue(db), ct);
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

    private static Command BenchChartsCommand(CliHost host)
    {
        var runs = new Option<int>("--runs") { Description = "Renders per chart kind / 每种图表渲染次数", DefaultValueFactory = _ => 20 };
        var summaries = new Option<int>("--summaries") { Description = "Weekly summary builds to time / 周报生成次数", DefaultValueFactory = _ => 3 };
        var week = new Option<string?>("--week") { Description = "Week for the summary timing (default: the store's last complete week) / 周" };
        var db = new Option<string?>("--db") { Description = "Store file (default Store:Path); its audit log goes beside it / 数据库文件" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object / 输出 JSON" };
        var command = new Command("charts", "Chart render and weekly summary timings / 图表与周报耗时") { runs, summaries, week, db, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var runCount = Math.Max(1, parseResult.GetValue(runs));
            await using var services = await BuildServicesAsync(host, parseResult.GetValue(db), ct);
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

            var rows = perKind.Select(p => new { kind = p.Key, renders = p.Value.Count, median_ms = Math.Round(Median(p.Value), 1), p90_ms = Math.Round(Percentile(p.Value, 0.9), 1), max_png_bytes = sizes[p.Key] }).ToList();
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    charts = rows,
                    queries = queries.Select(q => new { skill = q.Skill, ms = Math.Round(q.Ms, 1) }),
                    summary = new { week = resolvedWeek, builds = summaryTimes.Count, first_ms = Math.Round(summaryTimes[0]), median_ms = Math.Round(Median(summaryTimes)) },
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
            Console.WriteLine($"weekly summary {resolvedWeek}: first {summaryTimes[0]:0} ms, median {Median(summaryTimes):0} ms over {summaryTimes.Count} builds");
            return 0;
        });
        return command;
    }

    private static async Task<DateOnly?> LatestDateAsync(ISkillExecutor executor, ExecutionContext context, CancellationToken ct)
    {
        var result = await executor.RunAdhocAsync("SELECT max(local_date) AS latest_date FROM journey_events", context, ct);
        return result.Rows.Count > 0 && result.Rows[0][0] is DateOnly date ? date : result.Rows.Count > 0 && result.Rows[0][0] is DateTime dt ? DateOnly.FromDateTime(dt) : null;
    }

    /// <summary>Store + skills + reports over the configured (or --db) store, built from the sample data on first use.</summary>
    private static async Task<ServiceProvider> BuildServicesAsync(CliHost host, string? db, CancellationToken ct)
    {
        var builder = new ConfigurationBuilder().AddConfiguration(host.Configuration);
        if (!string.IsNullOrWhiteSpace(db))
        {
            // Another store keeps its own audit trail beside it (and stays clear of the default store's file lock).
            var full = Path.GetFullPath(db);
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Path"] = full,
                ["Skills:AuditPath"] = Path.Combine(Path.GetDirectoryName(full)!, "audit.duckdb"),
            });
        }

        var configuration = builder.Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration) // modules that read settings from DI (e.g. Charts:CacheEntries) see the same configuration as the web host gives them
            .AddJourneyStore(configuration, host.ContentRoot)
            .AddJourneySkills(configuration, host.ContentRoot)
            .AddJourneyReports(configuration, host.ContentRoot)
            .BuildServiceProvider();
        await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(ct: ct);
        return services;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
