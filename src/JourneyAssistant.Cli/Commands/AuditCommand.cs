using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using JourneyAssistant.Skills.Audit;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey audit`: the audit log of executed SQL as a table, CSV or JSON (added by <see cref="SkillCommands"/>, beside `sql`).</summary>
internal static class AuditCommand
{
    public static Command Create(CliHost host)
    {
        var last = new Option<int>("--last") { Description = "How many records, newest first / 最近几条", DefaultValueFactory = _ => 20 };
        var user = new Option<string?>("--user") { Description = "Only this identity / 只看该用户" };
        var skill = new Option<string?>("--skill") { Description = "Only this skill id / 只看该技能" };
        var outcome = new Option<string?>("--outcome") { Description = "ok | rejected | failed | timed_out" };
        var json = CliOptions.Json(CliOptions.ExactlyOneJsonObjectOnStdout);
        var csv = new Option<bool>("--csv") { Description = "Print CSV on stdout / 输出 CSV" };
        var command = new Command("audit", "Show the audit log of executed SQL / 查看 SQL 审计记录") { last, user, skill, outcome, json, csv };
        command.SetAction(async (parseResult, ct) =>
        {
            await using var services = host.SkillServices();
            var records = await services.GetRequiredService<IAuditLog>().QueryAsync(
                new AuditQuery(parseResult.GetValue(last), parseResult.GetValue(user), parseResult.GetValue(skill), parseResult.GetValue(outcome)), ct);
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { records }, CliOutput.Indented));
            }
            else if (parseResult.GetValue(csv))
            {
                var text = new StringBuilder("id,time,user,channel,question,skill_id,skill_version,sql,parameters,row_count,duration_ms,outcome,error,data_scope\n");
                foreach (var r in records)
                {
                    text.AppendLine(string.Join(',', new object?[]
                    {
                        r.Id, r.Time.ToString("O", CultureInfo.InvariantCulture), r.User, r.Channel, r.Question, r.SkillId, r.SkillVersion, r.Sql, r.Parameters,
                        r.RowCount, r.DurationMs.ToString("0.0", CultureInfo.InvariantCulture), r.Outcome, r.Error, r.DataScope,
                    }.Select(v => Csv(Convert.ToString(v, CultureInfo.InvariantCulture)))));
                }

                Console.Out.Write(text.ToString());
            }
            else
            {
                var table = new Table().AddColumns("id", "time (UTC)", "user", "skill", "outcome", "rows", "ms", "error / sql");
                foreach (var r in records)
                {
                    var color = r.Outcome == "ok" ? "green" : "red";
                    table.AddRow(r.Id, r.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape($"{r.User} ({r.Channel})"),
                        Markup.Escape(r.SkillId is null ? "(sql)" : $"{r.SkillId}@{r.SkillVersion}"), $"[{color}]{r.Outcome}[/]",
                        r.RowCount.ToString(CultureInfo.InvariantCulture), r.DurationMs.ToString("0", CultureInfo.InvariantCulture),
                        Markup.Escape(Shorten(r.Error ?? string.Join(' ', r.Sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), 60)));
                }

                AnsiConsole.Write(table);
            }

            return 0;
        });
        return command;
    }

    private static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
