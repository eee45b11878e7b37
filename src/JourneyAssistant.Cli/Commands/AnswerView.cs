using System.Globalization;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Localization;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>Writes an answer for people: headline, table, recommendations, how it was computed, SQL and chart path.</summary>
public static class AnswerView
{
    public static void Write(Answer answer)
    {
        var zh = Languages.FromCode(answer.Language) == Language.Zh;
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
