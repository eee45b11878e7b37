using System.Globalization;
using System.Text;
using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Bot.Cards;

/// <summary>A reply ready to send: plain text for every channel, plus a card where cards render.</summary>
public sealed record AnswerMessage(string Text, Attachment? Card);

/// <summary>
/// Builds the answer card: headline, key numbers (FactSet), chart, recommendations, follow-up buttons that ask the
/// next question, and a "查看 SQL / Show SQL" toggle with the exact SQL and its parameters. Keeps the serialized card
/// under <see cref="MaxCardBytes"/> (Teams rejects messages over ~100 KB): the image goes first, then long SQL.
/// </summary>
public sealed class AnswerCardBuilder
{
    /// <summary>Card JSON budget, below the ~100 KB Teams message limit to leave room for the activity envelope.</summary>
    public const int MaxCardBytes = 90 * 1024;

    private const int MaxFacts = 6;
    private const int MaxFollowUps = 4;
    private const int MaxSqlChars = 8_000;

    /// <summary>The element id of the SQL text: the chat page styles it as a code block and adds its copy button.</summary>
    public const string SqlTextId = "sql-text";

    /// <summary>The key of Action.Submit data that carries the next question.</summary>
    public const string QuestionKey = "question";

    public AnswerMessage Build(Answer answer, string? chartUrl)
    {
        var zh = Languages.FromCode(answer.Language) == Language.Zh;
        var text = BuildText(answer, zh);
        if (answer.Kind is AnswerKind.Failed or AnswerKind.Declined && answer.FollowUps.Count == 0)
        {
            return new AnswerMessage(text, null);
        }

        var card = Compose(answer, zh, chartUrl, includeSql: true, text);
        if (Size(card) > MaxCardBytes)
        {
            card = Compose(answer, zh, chartUrl: null, includeSql: true, text);
        }

        if (Size(card) > MaxCardBytes)
        {
            card = Compose(answer, zh, chartUrl: null, includeSql: false, text);
        }

        return new AnswerMessage(text, new Attachment { ContentType = AdaptiveCard.ContentType, Content = card });
    }

    public static int Size(AdaptiveCard card) => JsonSerializer.SerializeToUtf8Bytes(card, ProtocolJson.Options).Length;

    private static AdaptiveCard Compose(Answer answer, bool zh, string? chartUrl, bool includeSql, string fallback)
    {
        var body = new List<CardElement>
        {
            new TextBlock(answer.Text) { Size = "Medium", Weight = "Bolder" },
        };

        var facts = KeyFacts(answer);
        if (facts.Count > 0)
        {
            body.Add(new FactSet(facts));
        }

        if (chartUrl is not null)
        {
            body.Add(new Image(chartUrl) { AltText = zh ? "图表" : "Chart", Size = "Stretch" });
        }

        if (!string.IsNullOrWhiteSpace(answer.Explanation))
        {
            body.Add(new TextBlock(answer.Explanation) { IsSubtle = true, Size = "Small" });
        }

        if (answer.Recommendations.Count > 0)
        {
            body.Add(new TextBlock(zh ? "建议" : "Recommendations") { Weight = "Bolder", Separator = true });
            body.AddRange(answer.Recommendations.Select(r =>
                new TextBlock($"- {r.Action} ({(zh ? "关注指标" : "watch")}: {r.Metric}{(r.Owner is null ? "" : $", {(zh ? "负责" : "owner")}: {r.Owner}")})")));
        }

        if (!string.IsNullOrWhiteSpace(answer.DataScope))
        {
            body.Add(new TextBlock((zh ? "数据范围：" : "Data scope: ") + answer.DataScope) { IsSubtle = true, Size = "Small" });
        }

        var actions = new List<CardAction>();
        actions.AddRange(answer.FollowUps.Take(MaxFollowUps).Select(FollowUpAction.Create));

        if (answer.Sql is { Length: > 0 } sql)
        {
            var shown = includeSql ? sql : (zh ? "（SQL 太长，无法在卡片中显示；请在 /audit 查看）" : "(SQL too long for a card; see /audit)");
            if (includeSql && shown.Length > MaxSqlChars)
            {
                shown = shown[..MaxSqlChars] + "\n-- …";
            }

            var items = new List<CardElement>
            {
                new TextBlock(answer.GeneratedSql ? (zh ? "生成的 SQL — 请审阅" : "Generated SQL — please review") : "SQL") { Weight = "Bolder" },
                new RichTextBlock([new TextRun(shown) { FontType = "Monospace", Size = "Small" }]) { Id = SqlTextId },
            };
            if (answer.Parameters.Count > 0)
            {
                items.Add(new TextBlock(zh ? "参数" : "Parameters") { Weight = "Bolder" });
                items.Add(new FactSet(answer.Parameters.Select(p => new Fact(p.Key, FormatValue(p.Value))).ToList()));
            }

            body.Add(new Container(items) { Id = "sql", IsVisible = false, Separator = true });
            actions.Add(new ToggleVisibilityAction("查看 SQL / Show SQL", ["sql"]));
        }

        return new AdaptiveCard
        {
            Lang = answer.Language,
            FallbackText = fallback,
            Body = body,
            Actions = actions,
        };
    }

    /// <summary>The first rows as "label: value" facts: the first dimension column labels, the first measure-like column gives the value.</summary>
    public static IReadOnlyList<Fact> KeyFacts(Answer answer)
    {
        if (answer.Columns.Count == 0 || answer.Rows.Count == 0)
        {
            return [];
        }

        // A textual dimension (touchpoint, channel) labels better than an ordinal one (step 1, 2, 3).
        var label = Enumerable.Range(0, answer.Columns.Count)
            .Where(i => string.Equals(answer.Columns[i].Role, "dimension", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(i => i < answer.Rows[0].Length && answer.Rows[0][i] is string or JsonElement { ValueKind: JsonValueKind.String })
            .DefaultIfEmpty(-1)
            .First();
        var firstMeasure = IndexOfRole(answer, MeasureRoles);
        // The skill's focus column answers the question (conversion rate for "which channel converts best");
        // the head count stays beside it as context.
        var focus = FocusIndex(answer);
        var value = focus >= 0 ? focus : firstMeasure;
        if (value < 0)
        {
            return [];
        }

        var context = focus >= 0 ? IndexOfRole(answer, "count") : -1;
        var facts = new List<Fact>();
        foreach (var row in answer.Rows.Take(MaxFacts))
        {
            var title = label >= 0 && label < row.Length ? FormatValue(row[label]) : answer.Columns[value].Label;
            var cell = value < row.Length ? row[value] : null;
            var shown = FormatMeasure(cell, answer.Columns[value]);
            if (context >= 0 && context != value && context < row.Length)
            {
                shown += " · " + FormatMeasure(row[context], answer.Columns[context]);
            }

            facts.Add(new Fact(title, shown));
        }

        return facts;
    }

    private static readonly string[] MeasureRoles = ["count", "measure", "percent", "currency", "duration"];

    private static int FocusIndex(Answer answer)
    {
        if (answer.FocusColumn is not { Length: > 0 } name)
        {
            return -1;
        }

        for (var i = 0; i < answer.Columns.Count; i++)
        {
            if (answer.Columns[i].Name == name && MeasureRoles.Contains(answer.Columns[i].Role, StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfRole(Answer answer, params string[] roles)
    {
        foreach (var role in roles)
        {
            for (var i = 0; i < answer.Columns.Count; i++)
            {
                if (string.Equals(answer.Columns[i].Role, role, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static string FormatMeasure(object? value, AnswerColumn column)
    {
        var formatted = FormatValue(value);
        if (string.Equals(column.Role, "percent", StringComparison.OrdinalIgnoreCase) && TryNumber(value, out var number))
        {
            // Skills and metrics report rates as fractions (0.27; a change of +150 % is 1.5), so every one is scaled.
            formatted = (number * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        }
        else if (string.Equals(column.Role, "currency", StringComparison.OrdinalIgnoreCase) && TryNumber(value, out var money))
        {
            // Money in the install's currency, which the column carries (Store:Currency).
            formatted = JourneyAssistant.Store.Localization.Currency.FromSymbol(column.Unit).Format(money);
        }

        return $"{JourneyAssistant.Store.Localization.NumberText.WithoutNegativeZero(formatted)}  ({column.Label})";
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Number } e:
                number = e.GetDouble();
                return true;
            case IConvertible c when value is not string and not bool and not DateTime:
                number = c.ToDouble(CultureInfo.InvariantCulture);
                return true;
            default:
                number = 0;
                return false;
        }
    }

    public static string FormatValue(object? value) => value switch
    {
        null => "—",
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText(),
        double d => d.ToString("#,0.##", CultureInfo.InvariantCulture),
        float f => f.ToString("#,0.##", CultureInfo.InvariantCulture),
        decimal m => m.ToString("#,0.##", CultureInfo.InvariantCulture),
        long or int or short => string.Format(CultureInfo.InvariantCulture, "{0:#,0}", value),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join(", ", list.Cast<object?>().Select(FormatValue)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The text fallback (also the activity text): answer, key numbers, recommendations, follow-ups, reference.</summary>
    public static string BuildText(Answer answer, bool zh)
    {
        var text = new StringBuilder(answer.Text);
        var facts = KeyFacts(answer);
        if (facts.Count > 0)
        {
            text.Append("\n\n");
            foreach (var fact in facts)
            {
                text.Append("- ").Append(fact.Title).Append(": ").Append(fact.Value).Append('\n');
            }
        }

        if (answer.Recommendations.Count > 0)
        {
            text.Append('\n').Append(zh ? "建议：" : "Recommendations:").Append('\n');
            foreach (var r in answer.Recommendations)
            {
                text.Append("- ").Append(r.Action).Append(" (").Append(r.Metric).Append(")\n");
            }
        }

        if (answer.FollowUps.Count > 0)
        {
            text.Append('\n').Append(zh ? "你还可以问：" : "You could also ask:").Append('\n');
            foreach (var q in answer.FollowUps.Take(MaxFollowUps))
            {
                text.Append("- ").Append(q).Append('\n');
            }
        }

        if (answer.Kind == AnswerKind.Failed && answer.Reference is { } reference && !answer.Text.Contains(reference, StringComparison.Ordinal))
        {
            text.Append('\n').Append(zh ? "参考编号：" : "Reference: ").Append(reference);
        }

        return text.ToString().TrimEnd();
    }
}
