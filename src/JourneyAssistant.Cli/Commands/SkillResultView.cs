using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SkillContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Commands;

/// <summary>Writes a skill or SQL result: one JSON object with --json, else title, answer, table, recommendations and the audit id.</summary>
internal static class SkillResultView
{
    public static void Write(ServiceProvider services, SkillResult result, SkillNarrative? narrative, SkillContext context, bool asJson, Language language)
    {
        var narrator = services.GetRequiredService<SkillNarrator>();
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                skill = result.SkillId,
                version = result.SkillVersion,
                title = result.Title[language],
                answer = narrative?.Answer,
                recommendations = narrative?.Recommendations.Select(r => new { action = r.Action, metric = r.Metric, owner = r.Owner }),
                definitions = narrative?.Definitions,
                period = narrative?.Period,
                chart = new { kind = result.Chart.Kind, x = result.Chart.X, y = result.Chart.Y, series = result.Chart.Series },
                columns = result.Columns.Select(c => new { name = c.Name, role = c.Role.ToString().ToLowerInvariant(), label = c.Label[language], dictionary = c.Dictionary, unit = c.Unit }),
                rows = result.Rows.Select(r => r.Select(JsonValue)),
                truncated = result.Truncated,
                sql = result.Sql,
                parameters = result.Parameters.ToDictionary(p => p.Key, p => JsonValue(p.Value)),
                duration_ms = Math.Round(result.Duration.TotalMilliseconds, 1),
                data_scope = context.Scope.Describe(),
                audit_id = result.AuditId,
            }, CliOutput.Indented));
            return;
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Title[language])}[/]");
        if (narrative is not null)
        {
            AnsiConsole.MarkupLine(Markup.Escape(narrative.Answer));
        }

        var table = new Table();
        foreach (var column in result.Columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column.Label[language])) { Alignment = column.Role == ColumnRole.Dimension ? Justify.Left : Justify.Right });
        }

        foreach (var row in result.Rows.Take(200))
        {
            table.AddRow(row.Select((v, i) => Markup.Escape(Clip(narrator.Format(result.Columns[i], v, language)))).ToArray());
        }

        AnsiConsole.Write(table);
        if (result.Rows.Count > 200 || result.Truncated)
        {
            AnsiConsole.MarkupLine($"[yellow]{result.Rows.Count} rows{(result.Truncated ? " (truncated at the row limit / 已截断)" : "")}; showing 200 / 仅显示前 200 行[/]");
        }

        if (narrative is not null)
        {
            foreach (var recommendation in narrative.Recommendations)
            {
                AnsiConsole.MarkupLine($"• {Markup.Escape(recommendation.Action)} [grey]({Markup.Escape(recommendation.Metric)}{(recommendation.Owner is null ? "" : " · " + Markup.Escape(recommendation.Owner))})[/]");
            }

            if (narrative.Definitions.Length > 0)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(narrative.Definitions)}[/]");
            }
        }

        if (context.Scope.IsRestricted)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(context.Scope.Note()[language])}[/]");
        }

        AnsiConsole.MarkupLine($"[grey]{result.Duration.TotalMilliseconds:0} ms · audit / 审计号 {result.AuditId}[/]");
    }

    private static object? JsonValue(object? value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        DateRange r => r.ToString(),
        double x when !double.IsFinite(x) => null,
        _ => value,
    };

    /// <summary>A cell of at most 500 characters: a console table wraps a 60 MB string for a minute (--json keeps every character).</summary>
    private static string Clip(string text) => text.Length <= 500 ? text : $"{text[..500]}… ({text.Length:N0} chars / 字符; --json)";
}
