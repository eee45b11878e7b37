using System.CommandLine;
using System.Text.Json;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Hosting;
using JourneyAssistant.Metrics.Validation;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey metrics list|validate`: the declared metrics and dimensions (metrics/*.yaml) and their checks.</summary>
public sealed class MetricCommands : ICommandModule
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    public void AddTo(RootCommand root, CliHost host)
    {
        var metrics = new Command("metrics", "Declared metrics and dimensions (metrics/*.yaml) / 指标与维度");
        metrics.Subcommands.Add(ListCommand(host));
        metrics.Subcommands.Add(ValidateCommand(host));
        root.Subcommands.Add(metrics);
    }

    private static Command ListCommand(CliHost host)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "List metrics, their dimensions and any rejected files / 列出指标") { json };
        command.SetAction(parseResult =>
        {
            var catalog = Catalog(host);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    metrics = catalog.Metrics.Select(m => new { id = m.Id, name_zh = m.Name.Zh, name_en = m.Name.En, view = m.View, unit = m.Unit.ToString().ToLowerInvariant(), dimensions = m.Dimensions }),
                    dimensions = catalog.Dimensions.Values.Select(d => new { id = d.Id, name_zh = d.Name.Zh, name_en = d.Name.En, time = d.IsTime }),
                    errors = catalog.Errors.Select(e => e.ToString()),
                }, Json));
                return catalog.Errors.Count == 0 ? 0 : 1;
            }

            var table = new Table().AddColumns("id", "名称 / name", "view", "unit", "dimensions / 维度");
            foreach (var m in catalog.Metrics)
            {
                table.AddRow(Markup.Escape(m.Id), Markup.Escape($"{m.Name.Zh} / {m.Name.En}"), m.View, m.Unit.ToString().ToLowerInvariant(), Markup.Escape(string.Join(", ", m.Dimensions)));
            }

            AnsiConsole.Write(table);
            foreach (var error in catalog.Errors)
            {
                AnsiConsole.MarkupLine($"[red]✗[/] {Markup.Escape(error.ToString())}");
            }

            return catalog.Errors.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command ValidateCommand(CliHost host)
    {
        var json = CliOptions.Json();
        var offline = new Option<bool>("--no-store") { Description = "Skip running each metric on the store / 不在数据库上试运行" };
        var command = new Command("validate", "Check metric files (file:line), compile every shape, guard it, and run it on the store / 校验指标文件") { json, offline };
        command.SetAction(async (parseResult, ct) =>
        {
            var catalog = Catalog(host);
            await using var services = host.MetricServices();
            var live = !parseResult.GetValue(offline);
            if (live)
            {
                await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(ct: ct);
            }

            var checks = await new MetricValidator(services.GetRequiredService<SkillValidator>(), services.GetRequiredService<ISkillExecutor>(),
                services.GetService<IJourneyDictionary>()).CheckAsync(catalog, live, ct);
            var failed = catalog.Errors.Count + checks.Count(c => !c.Passed);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    ok = failed == 0,
                    metrics = catalog.Metrics.Count,
                    dimensions = catalog.Dimensions.Count,
                    issues = catalog.Errors.Select(e => new { file = Path.GetRelativePath(host.ContentRoot, e.File), line = e.Line, message = e.Message }),
                    checks = checks.Select(c => new { metric = c.MetricId, name = c.Name, passed = c.Passed, problem = c.Problem }),
                }, Json));
                return failed == 0 ? 0 : 1;
            }

            foreach (var error in catalog.Errors)
            {
                AnsiConsole.MarkupLine($"[red]✗[/] {Markup.Escape(error.ToString())}");
            }

            foreach (var check in checks.Where(c => !c.Passed))
            {
                AnsiConsole.MarkupLine($"[red]✗[/] {Markup.Escape(Path.GetRelativePath(host.ContentRoot, check.File))} {Markup.Escape(check.MetricId)} ({Markup.Escape(check.Name)}): {Markup.Escape(check.Problem ?? "")}");
            }

            AnsiConsole.MarkupLine(failed == 0
                ? $"[green]{catalog.Metrics.Count} metrics, {catalog.Dimensions.Count} dimensions, {checks.Count} checks passed / 全部通过[/]"
                : $"[red]{failed} problem(s) / 个问题[/]");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static FileMetricCatalog Catalog(CliHost host)
    {
        var options = host.Configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        return new FileMetricCatalog(ContentRoot.Combine(host.ContentRoot, options.Path));
    }
}
