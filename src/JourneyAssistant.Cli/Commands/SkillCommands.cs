using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using SkillContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey skills list|validate|run`, `journey sql` and `journey audit`: vetted queries, the guard and the audit trail.</summary>
public sealed class SkillCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host)
    {
        var skills = new Command("skills", "Vetted, parameterized metric skills / 指标技能");
        skills.Subcommands.Add(ListCommand(host));
        skills.Subcommands.Add(ValidateCommand(host));
        skills.Subcommands.Add(RunCommand(host));
        root.Subcommands.Add(skills);
        root.Subcommands.Add(SqlCommand(host));
        root.Subcommands.Add(AuditCommand.Create(host));
    }

    private static Option<bool> JsonOption() => CliOptions.Json(CliOptions.ExactlyOneJsonObjectOnStdout);

    private static Option<string> LanguageOption() => new("--lang") { Description = "Answer language: zh | en / 回答语言", DefaultValueFactory = _ => "zh" };

    // ---- journey skills list ------------------------------------------------------------------------------------------

    private static Command ListCommand(CliHost host)
    {
        var json = JsonOption();
        var command = new Command("list", "List the skills and any rejected skill files / 列出技能") { json };
        command.SetAction(async (parseResult, ct) =>
        {
            await using var services = host.SkillServices();
            var catalog = services.GetRequiredService<ISkillCatalog>();
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    skills = catalog.Skills.Select(s => new
                    {
                        id = s.Id,
                        version = s.Version,
                        owner = s.Owner,
                        title = new { zh = s.Title.Zh, en = s.Title.En },
                        chart = s.Chart.Kind,
                        parameters = s.Parameters.Select(p => new { name = p.Name, type = p.Type.ToString(), @default = p.Default, required = p.Required }),
                        transform = s.Transform,
                        file = Path.GetRelativePath(host.ContentRoot, s.SourcePath),
                    }),
                    errors = catalog.Errors.Select(e => e.ToString()),
                }, CliOutput.Indented));
                return catalog.Errors.Count == 0 ? 0 : 1;
            }

            var table = new Table().AddColumns("id", "v", "标题 / title", "chart", "parameters");
            foreach (var skill in catalog.Skills)
            {
                table.AddRow(Markup.Escape(skill.Id), skill.Version.ToString(CultureInfo.InvariantCulture), Markup.Escape($"{skill.Title.Zh} / {skill.Title.En}"),
                    Markup.Escape(skill.Chart.Kind), Markup.Escape(string.Join(", ", skill.Parameters.Select(p => p.Name))));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{catalog.Skills.Count} skills / 个技能");
            foreach (var error in catalog.Errors)
            {
                AnsiConsole.MarkupLine($"[red]rejected / 已拒绝[/] {Markup.Escape(error.ToString())}");
            }

            return catalog.Errors.Count == 0 ? 0 : 1;
        });
        return command;
    }

    // ---- journey skills validate --------------------------------------------------------------------------------------

    private static Command ValidateCommand(CliHost host)
    {
        var path = new Argument<string?>("path") { Description = "A skill file or folder (default: the skills folder) / 技能文件或目录", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOption();
        var command = new Command("validate", "Check skill files: schema (file:line), parameters, examples, guard, live schema and each skill's tests / 校验技能文件") { path, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            await using var services = host.SkillServices();
            var folder = ContentRoot.Combine(host.ContentRoot, services.GetRequiredService<IOptions<SkillsOptions>>().Value.Path);
            var target = parseResult.GetValue(path) is { } p ? ContentRoot.Combine(Directory.GetCurrentDirectory(), p) : folder;
            var files = File.Exists(target)
                ? [target]
                : Directory.Exists(target)
                    ? Directory.EnumerateFiles(target).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
                    : null;
            if (files is null)
            {
                return CliOutput.FailWithAudit(asJson, $"no such file or folder / 路径不存在: {target}", 2);
            }

            var validator = services.GetRequiredService<SkillValidator>();
            var issues = new List<SkillIssue>();
            var skills = new List<SkillDefinition>();
            foreach (var file in files)
            {
                try
                {
                    var skill = validator.Load(file);
                    if (skills.FirstOrDefault(s => s.Id == skill.Id) is { } other)
                    {
                        issues.Add(new SkillIssue(file, 0, $"id '{skill.Id}' is already defined in {Path.GetFileName(other.SourcePath)}"));
                        continue;
                    }

                    skills.Add(skill);
                }
                catch (SkillFileException e)
                {
                    issues.AddRange(e.Issues);
                }
            }

            await EnsureStoreAsync(services, ct);
            var live = services.GetRequiredService<SkillLiveValidator>();
            var checks = new List<SkillCheck>();
            foreach (var skill in skills)
            {
                checks.AddRange(await live.CheckAsync(skill, ct));
            }

            var failed = issues.Count + checks.Count(c => !c.Passed);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    ok = failed == 0,
                    files = files.Count,
                    skills = skills.Count,
                    issues = issues.Select(i => new { file = Path.GetRelativePath(host.ContentRoot, i.File), line = i.Line, message = i.Message }),
                    checks = checks.Select(c => new { skill = c.SkillId, name = c.Name, passed = c.Passed, problem = c.Problem }),
                }, CliOutput.Indented));
            }
            else
            {
                foreach (var issue in issues)
                {
                    var relative = issue with { File = Path.GetRelativePath(host.ContentRoot, issue.File) };
                    AnsiConsole.MarkupLine($"[red]error[/] {Markup.Escape(relative.ToString())}");
                }

                foreach (var check in checks)
                {
                    AnsiConsole.MarkupLine(check.Passed
                        ? $"[green]pass[/] {Markup.Escape(check.SkillId)}: {Markup.Escape(check.Name)}"
                        : $"[red]FAIL[/] {Markup.Escape(check.SkillId)}: {Markup.Escape(check.Name)} — {Markup.Escape(check.Problem ?? "")}");
                }

                AnsiConsole.MarkupLine(failed == 0
                    ? $"[green]{skills.Count} skills valid, {checks.Count} checks passed / 全部通过[/]"
                    : $"[red]{failed} problem(s) / 个问题[/] in {files.Count} file(s)");
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    // ---- journey skills run -------------------------------------------------------------------------------------------

    private static Command RunCommand(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "Skill id / 技能 id" };
        var parameters = new Option<string[]>("--param") { Description = "Argument as name=value (repeatable), e.g. --param period=last_month / 参数", Arity = ArgumentArity.ZeroOrMore };
        var asOf = CliOptions.AsOf("Local date that relative periods resolve against (YYYY-MM-DD; default today) / 基准日期");
        var asUser = new Option<string?>("--as-user") { Description = "Run under this identity's data access (Access section) / 以该用户的数据权限运行" };
        var lang = LanguageOption();
        var json = JsonOption();
        var command = new Command("run", "Run a skill and show its answer, rows and recommendations / 运行技能") { id, parameters, asOf, asUser, lang, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            var language = Languages.Parse(parseResult.GetValue(lang)) ?? Language.Zh;
            await using var services = host.SkillServices();
            var catalog = services.GetRequiredService<ISkillCatalog>();
            var skillId = parseResult.GetValue(id)!;
            if (catalog.Find(skillId) is not { } skill)
            {
                return CliOutput.FailWithAudit(asJson, $"unknown skill / 没有这个技能: {skillId}. Known: {string.Join(", ", catalog.Skills.Select(s => s.Id))}", 2);
            }

            var arguments = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parseResult.GetValue(parameters) ?? [])
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    return CliOutput.FailWithAudit(asJson, $"--param needs name=value / 参数格式应为 name=value: '{pair}'", 2);
                }

                arguments[pair[..equals].Trim()] = pair[(equals + 1)..];
            }

            if (!CliOptions.TryAsOf(parseResult.GetValue(asOf), out var date))
            {
                return CliOutput.FailWithAudit(asJson, "--as-of needs YYYY-MM-DD / 日期格式应为 YYYY-MM-DD", 2);
            }

            await EnsureStoreAsync(services, ct);
            var context = Context(services, parseResult.GetValue(asUser), $"skills run {skillId}", date);
            try
            {
                var result = await services.GetRequiredService<ISkillExecutor>().RunAsync(skill, arguments, context, ct);
                var narrative = services.GetRequiredService<SkillNarrator>().Narrate(skill, result, language);
                SkillResultView.Write(services, result, narrative, context, asJson, language);
                return 0;
            }
            catch (SkillExecutionException e)
            {
                return CliOutput.FailWithAudit(asJson, $"{e.Text[language]} (audit / 审计号 {e.AuditId})", 1, e.Outcome.Code(), e.AuditId);
            }
        });
        return command;
    }

    // ---- journey sql --------------------------------------------------------------------------------------------------

    private static Command SqlCommand(CliHost host)
    {
        var sql = new Argument<string>("sql") { Description = "One SELECT over the analysis views / 一条 SELECT 查询" };
        var asUser = new Option<string?>("--as-user") { Description = "Run under this identity's data access (Access section) / 以该用户的数据权限运行" };
        var lang = LanguageOption();
        var json = JsonOption();
        var command = new Command("sql", "Run an analyst's ad-hoc SELECT through the guard, limits and audit / 运行临时 SQL（经安全检查与审计）") { sql, asUser, lang, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            var language = Languages.Parse(parseResult.GetValue(lang)) ?? Language.Zh;
            await using var services = host.SkillServices();
            await EnsureStoreAsync(services, ct);
            var text = parseResult.GetValue(sql)!;
            var context = Context(services, parseResult.GetValue(asUser), text, null);
            try
            {
                var result = await services.GetRequiredService<ISkillExecutor>().RunAdhocAsync(text, context, ct);
                SkillResultView.Write(services, result, null, context, asJson, language);
                return 0;
            }
            catch (SkillExecutionException e)
            {
                return CliOutput.FailWithAudit(asJson, $"{e.Text[language]} (audit / 审计号 {e.AuditId})", 1, e.Outcome.Code(), e.AuditId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never a stack trace (issue 21): anything the executor did not turn into an audited failure is one line too.
                return CliOutput.FailWithAudit(asJson, $"查询失败 / the query failed: {e.Message.Split('\n')[0].Trim()}", 1, SkillOutcome.Failed.Code());
            }
        });
        return command;
    }

    // ---- shared -------------------------------------------------------------------------------------------------------

    /// <summary>Builds the default store from the sample data on first use, so every command works on a fresh clone.</summary>
    private static async Task EnsureStoreAsync(ServiceProvider services, CancellationToken ct)
    {
        // The spinner goes to stderr so stdout stays one JSON object with --json.
        await CliOutput.WithStatusAsync("Preparing the store / 准备数据库…", _ => services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(ct: ct));
    }

    private static SkillContext Context(ServiceProvider services, string? asUser, string? question, DateOnly? asOf)
    {
        var scope = asUser is null ? DataScope.All : services.GetRequiredService<IAccessPolicy>().ScopeFor(asUser);
        return new SkillContext(asUser ?? Environment.UserName, "cli", question, scope, asOf);
    }
}
