using System.Globalization;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Narration;

/// <summary>A recommended action, the metric to watch, and who usually owns it.</summary>
public sealed record NarratedRecommendation(string Action, string Metric, string? Owner);

/// <summary>A skill result put into words in one language: the direct answer, 0–4 recommendations, and the definitions used.</summary>
public sealed record SkillNarrative(
    string Answer,
    IReadOnlyList<NarratedRecommendation> Recommendations,
    string Definitions,
    string? Period,
    bool IsEmpty,
    Language Language);

/// <summary>
/// Renders a skill's answer (or empty) template and recommendation rules over a result (docs/SKILL-FORMAT.md):
/// placeholders, role-based number formatting and dictionary labels, in Chinese or English.
/// </summary>
public sealed class SkillNarrator(IJourneyDictionary dictionary)
{
    /// <summary>Most recommendations an answer keeps.</summary>
    public const int MaxRecommendations = 4;

    /// <param name="named">The row the question asks about ("从加购到下单要多久" names one step pair), told with the
    /// skill's <c>answer_single</c> headline; null lets the skill's focus choose.</param>
    public SkillNarrative Narrate(SkillDefinition skill, SkillResult result, Language language, bool asksLowest = false, object?[]? named = null)
    {
        named = skill.AnswerSingle is null ? null : named;
        var rows = new RowSet(skill, result, named);
        var period = result.Parameters.Values.OfType<DateRange>().FirstOrDefault()?.Format(language);
        var definitions = skill.Definitions?[language] ?? "";
        if (result.HasNoEvidence)
        {
            var empty = skill.Empty?[language] ?? (language == Language.Zh ? "所选条件下没有数据。" : "No data for the selected filters.");
            return new SkillNarrative(Render(empty, skill, result, rows, language), [], definitions, period, true, language);
        }

        var template = (result.Rows.Count == 1 || named is not null) && skill.AnswerSingle is { } single ? single
            : asksLowest && skill.AnswerLowest is { } lowest ? lowest
            : skill.Answer;
        var answer = Render(template[language], skill, result, rows, language);
        var recommendations = new List<NarratedRecommendation>();
        foreach (var rule in skill.Recommendations)
        {
            if (recommendations.Count == MaxRecommendations)
            {
                break;
            }

            if (rule.Always || (rule.When.Count > 0 && rule.When.All(c => Holds(c, result, rows))))
            {
                recommendations.Add(new NarratedRecommendation(
                    Render(rule.Action[language], skill, result, rows, language),
                    rule.Metric[language],
                    rule.Owner?[language]));
            }
        }

        return new SkillNarrative(answer, recommendations, definitions, period, false, language);
    }

    /// <summary>A value as answers show it: by the column's role, in the language, with dictionary labels.</summary>
    public string Format(ResultColumn column, object? value, Language language)
    {
        var zh = language == Language.Zh;
        if (value is null)
        {
            return "—";
        }

        if (column.Dictionary is { } kind && value is string id)
        {
            return dictionary.Label(kind, id, language);
        }

        if (value is DateOnly date)
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (value is DateTime time)
        {
            return time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        if (value is bool flag)
        {
            return zh ? (flag ? "是" : "否") : (flag ? "yes" : "no");
        }

        if (ToDouble(value) is not { } number)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        return NumberText.WithoutNegativeZero(column.Role switch
        {
            ColumnRole.Count => Math.Round(number).ToString("#,##0", CultureInfo.InvariantCulture),
            ColumnRole.Percent => (number * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ColumnRole.Currency => Currency.FromSymbol(column.Unit).Format(number, "#,##0.00"),
            ColumnRole.Duration => Duration(number, column.Unit, zh),
            _ => number.ToString("#,##0.##", CultureInfo.InvariantCulture),
        });
    }

    // Under an hour, hours read as minutes: a one-minute step is "1 分钟", not "0.0 小时".
    private static string Duration(double number, string? unit, bool zh)
    {
        if (unit is null or "hours" && number > 0 && number < 1)
        {
            var minutes = number * 60;
            return minutes < 1 ? (zh ? "不到 1 分钟" : "under 1 min") : minutes.ToString("0", CultureInfo.InvariantCulture) + (zh ? " 分钟" : " min");
        }

        return number.ToString("#,##0.0", CultureInfo.InvariantCulture) + " " + DurationUnit(unit, zh);
    }

    private static string DurationUnit(string? unit, bool zh) => unit switch
    {
        "minutes" => zh ? "分钟" : "min",
        "days" => zh ? "天" : "d",
        _ => zh ? "小时" : "h",
    };

    private string Render(string template, SkillDefinition skill, SkillResult result, RowSet rows, Language language) =>
        TemplateText.Render(template, placeholder =>
        {
            switch (placeholder.Scope)
            {
                case "rows":
                    return result.Rows.Count.ToString("#,##0", CultureInfo.InvariantCulture);
                case "period":
                    return result.Parameters.Values.OfType<DateRange>().FirstOrDefault()?.Format(language) ?? (language == Language.Zh ? "全部时间" : "all time");
                case "param":
                    return FormatParameter(skill, result, placeholder.Name!, language);
            }

            var index = result.IndexOf(placeholder.Name ?? "");
            if (index < 0)
            {
                return placeholder.Text;
            }

            var column = result.Columns[index];
            var value = placeholder.Scope == "total" ? rows.Total(index) : rows.Row(placeholder.Scope) is { } row ? row[index] : null;
            return Format(column, value, language);
        });

    private string FormatParameter(SkillDefinition skill, SkillResult result, string name, Language language)
    {
        result.Parameters.TryGetValue(name, out var value);
        return value switch
        {
            null => language == Language.Zh ? "全部" : "all",
            DateRange range => range.Format(language),
            string id when skill.Parameter(name)?.ValuesFrom is { } kind => dictionary.Label(kind, id, language),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    private bool Holds(RecommendationCondition condition, SkillResult result, RowSet rows)
    {
        var index = result.IndexOf(condition.Column);
        if (index < 0)
        {
            return false;
        }

        if (condition.Row == "any")
        {
            return result.Rows.Any(r => Compare(Read(condition, r[index]), condition.Op, condition.Value));
        }

        var value = condition.Row == "total" ? rows.Total(index) : rows.Row(condition.Row)?[index];
        return Compare(Read(condition, value), condition.Op, condition.Value);
    }

    /// <summary>The value a condition compares: the cell, or what the dictionary says about the id in it (null when it says nothing).</summary>
    private object? Read(RecommendationCondition condition, object? cell) => condition.Of switch
    {
        null => cell,
        ConditionAttributes.ChannelKind when SkillValues.Invariant(cell) is { Length: > 0 } id =>
            dictionary.Resolve(DictionaryKind.Channel, id) is { Id: var resolved, Category: { Length: > 0 } kind }
                && string.Equals(resolved, id, StringComparison.OrdinalIgnoreCase) ? kind : null,
        _ => null,
    };

    private static bool Compare(object? actual, string op, object? expected)
    {
        if (actual is null)
        {
            return false;
        }

        var text = SkillValues.Invariant(actual) ?? "";
        if (op is "in" or "not_in")
        {
            var list = expected as IReadOnlyList<string> ?? [];
            var contained = list.Any(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
            return op == "in" ? contained : !contained;
        }

        var expectedText = SkillValues.Invariant(expected) ?? "";
        if (ToDouble(actual) is { } a && double.TryParse(expectedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            return op switch
            {
                ">" => a > b,
                ">=" => a >= b,
                "<" => a < b,
                "<=" => a <= b,
                "==" => a == b,
                "!=" => a != b,
                _ => false,
            };
        }

        return op switch
        {
            "==" => string.Equals(text, expectedText, StringComparison.OrdinalIgnoreCase),
            "!=" => !string.Equals(text, expectedText, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    internal static double? ToDouble(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        float f => f,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        _ => null,
    };

    /// <summary>The rows an answer names: first, last, focus (per the skill's focus rule), second (after focus), and totals.</summary>
    internal sealed class RowSet
    {
        private readonly SkillResult _result;
        private readonly List<object?[]> _ordered;

        public RowSet(SkillDefinition skill, SkillResult result, object?[]? named = null)
        {
            _result = result;
            _ordered = [.. result.Rows];
            if (named is not null)
            {
                _ordered = [named, .. result.Rows.Where(r => !ReferenceEquals(r, named))];
                return;
            }

            if (skill.Focus is { } focus && result.IndexOf(focus.By) is var index and >= 0)
            {
                // A stable sort keeps the SQL order among ties; rows without a value never become the focus.
                _ordered = [.. result.Rows
                    .Select((row, position) => (row, position))
                    .OrderBy(x => x.row[index] is null ? 1 : 0)
                    .ThenBy(x => focus.Descending ? -(ToDouble(x.row[index]) ?? 0) : ToDouble(x.row[index]) ?? 0)
                    .ThenBy(x => x.position)
                    .Select(x => x.row)];
            }
        }

        public object?[]? Row(string scope) => scope switch
        {
            "first" => _result.Rows.Count > 0 ? _result.Rows[0] : null,
            "last" => _result.Rows.Count > 0 ? _result.Rows[^1] : null,
            "second" => _ordered.Count > 1 ? _ordered[1] : null,
            _ => _ordered.Count > 0 ? _ordered[0] : null,
        };

        public object? Total(int index)
        {
            var values = _result.Rows.Select(r => ToDouble(r[index])).Where(v => v is not null).ToList();
            return values.Count == 0 ? null : values.Sum(v => v!.Value);
        }
    }
}
