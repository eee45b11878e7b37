using System.Globalization;
using System.Numerics;
using System.Text;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Composition;

/// <summary>Builds the <see cref="Answer"/> for a skill result: the narrated answer, explanation with caveats, table, recommendations.</summary>
public sealed class AnswerComposer(SkillNarrator narrator)
{
    /// <summary>Below this many people in a group, conclusions get a small-sample caveat.</summary>
    public const int SmallSample = 30;

    /// <summary>The answer for a result, before chart and follow-ups are attached.</summary>
    public Answer Compose(string question, Language language, SkillDefinition skill, SkillResult result, DateOnly asOf, string zone, DataScope scope, string routedBy,
        string? storeCaveat = null, bool asksLowest = false, DateOnly? dataLast = null, IReadOnlyList<(string Kind, string Id)>? compared = null,
        object?[]? namedRow = null)
    {
        var narrative = narrator.Narrate(skill, result, language, asksLowest, namedRow);
        var shown = ShownColumns(result, language);
        string Label(ResultColumn column, object? value) =>
            column.Dictionary is not null && value is string v ? narrator.Format(column, v, language) : Convert.ToString(Plain(value), CultureInfo.InvariantCulture) ?? "";
        var sanity = narrative.IsEmpty ? SanityReport.None : ResultSanity.Check(skill, result, language, Label, dataLast, asOf);
        var note = language == Language.Zh ? "注意：" : "Note: ";
        // "A 和 B 哪个…": the two named rows' difference leads; the skill's usual headline follows.
        var pair = compared is { Count: >= 2 } && !narrative.IsEmpty && sanity.Headline is null
            ? PairComparison.Headline(skill, result, language, compared, Label)
            : null;
        return new Answer
        {
            Question = question,
            Language = language.Code(),
            Kind = AnswerKind.Answered,
            Skill = skill.Id,
            SkillVersion = result.SkillVersion,
            Parameters = Parameters(skill, result),
            Sql = result.Sql,
            Columns = shown.Select(s => new AnswerColumn(result.Columns[s.Index].Name, s.Label, result.Columns[s.Index].Role.ToString().ToLowerInvariant(), result.Columns[s.Index].Unit)).ToList(),
            // Dictionary ids become labels in the answer's language: rows are read by people (CLI tables, chat cards).
            Rows = result.Rows.Select(r => shown.Select(s => result.Columns[s.Index].Dictionary is not null && r[s.Index] is string v ? narrator.Format(result.Columns[s.Index], v, language) : Plain(r[s.Index])).ToArray()).ToList(),
            // What the data can't carry is said next to the claim, not only in the explanation.
            Text = string.Join("\n", sanity.Caveats.Select(c => note + c).Prepend(sanity.Headline ?? (pair is null ? narrative.Answer : pair + "\n" + narrative.Answer))),
            Explanation = Explain(language, skill, result, narrative, asOf, zone, scope, storeCaveat),
            Recommendations = (sanity.Headline is null ? narrative.Recommendations : ResultSanity.DataChecks(language))
                .Select(r => new Recommendation(r.Action, r.Metric, r.Owner)).ToList(),
            DataScope = scope.IsRestricted ? scope.Note()[language] : null,
            Reference = result.AuditId,
            RoutedBy = routedBy,
            FocusColumn = skill.Focus?.By,
        };
    }

    /// <summary>
    /// The columns people read, with their labels: where a result carries an id column with its names in both languages
    /// ("kpi", "kpi_zh", "kpi_en"), only the name in the answer's language is shown, under the id column's label — no
    /// raw ids like "repurchase_rate" and no column in the other language.
    /// </summary>
    public static IReadOnlyList<(int Index, string Label)> ShownColumns(SkillResult result, Language language)
    {
        var names = result.Columns.Select(c => c.Name).ToList();
        var own = language == Language.Zh ? "_zh" : "_en";
        var other = language == Language.Zh ? "_en" : "_zh";
        var shown = new List<(int, string)>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (names.Contains(name + own) && names.Contains(name + other))
            {
                continue; // the id: its localized name stands in for it
            }

            if (name.EndsWith(other, StringComparison.Ordinal) && names.Contains(name[..^3]) && names.Contains(name[..^3] + own))
            {
                continue; // the name in the other language
            }

            var label = name.EndsWith(own, StringComparison.Ordinal) && names.IndexOf(name[..^3]) is var id and >= 0 && names.Contains(name[..^3] + other)
                ? result.Columns[id].Label[language]
                : result.Columns[i].Label[language];
            shown.Add((i, label));
        }

        return shown;
    }

    /// <summary>The declared parameters as bound, in text form ("2026-10-25..2026-11-23", "mini_program", "10").</summary>
    public static IReadOnlyDictionary<string, object?> Parameters(SkillDefinition skill, SkillResult result)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in skill.Parameters)
        {
            values[parameter.Name] = result.Parameters.TryGetValue(parameter.Name, out var value) ? Plain(value) is { } plain ? Convert.ToString(plain, CultureInfo.InvariantCulture) : null : null;
        }

        return values;
    }

    private string Explain(Language language, SkillDefinition skill, SkillResult result, SkillNarrative narrative, DateOnly asOf, string zone, DataScope scope, string? storeCaveat)
    {
        var zh = language == Language.Zh;
        var text = new StringBuilder();
        text.Append(zh ? "技能：" : "Skill: ").Append(skill.Title[language]).Append(zh ? "（" : " (").Append(skill.Id).Append(" v")
            .Append(skill.Version.ToString(CultureInfo.InvariantCulture)).Append(zh ? "）。" : ").").Append('\n');
        if (!string.IsNullOrWhiteSpace(narrative.Definitions))
        {
            text.Append(zh ? "口径：" : "Definitions: ").Append(narrative.Definitions.Trim()).Append('\n');
        }

        var range = result.Parameters.Values.OfType<DateRange>().FirstOrDefault();
        if (range is not null)
        {
            text.Append(zh ? "时间范围：" : "Period: ").Append(range.Format(language))
                .Append(zh ? $"（报告时区 {zone}，按本地日期，含首尾）。" : $" (reporting zone {zone}, local dates, inclusive).").Append('\n');
        }

        var filters = skill.Parameters
            .Where(p => p.Type != ParameterType.DateRange && result.Parameters.TryGetValue(p.Name, out var v) && v is not null)
            .Select(p => $"{p.Description[language]} = {FormatArgument(p, result.Parameters[p.Name], language)}")
            .ToList();
        if (filters.Count > 0)
        {
            text.Append(zh ? "参数：" : "Parameters: ").Append(string.Join(zh ? "；" : "; ", filters)).Append('\n');
        }

        foreach (var caveat in Caveats(language, result, range, asOf, scope).Append(storeCaveat).OfType<string>())
        {
            text.Append(zh ? "注意：" : "Note: ").Append(caveat).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    private string FormatArgument(SkillParameter parameter, object? value, Language language)
    {
        if (parameter.ValuesFrom is { } kind && value is string id)
        {
            return narrator.Format(new ResultColumn(parameter.Name, ColumnRole.Dimension, LocalizedText.Both(parameter.Name), kind), id, language);
        }

        return Convert.ToString(Plain(value), CultureInfo.InvariantCulture) ?? "";
    }

    private static IEnumerable<string> Caveats(Language language, SkillResult result, DateRange? range, DateOnly asOf, DataScope scope)
    {
        var zh = language == Language.Zh;
        if (range is { IsAll: false } && range.End >= asOf)
        {
            yield return zh ? $"统计期包含今天（{asOf:yyyy-MM-dd}），最近一天/一周的数据还不完整。" : $"The period includes today ({asOf:yyyy-MM-dd}), so the latest day/week is still incomplete.";
        }

        if (result.Truncated)
        {
            yield return zh ? $"结果行数超过上限，只显示前 {result.Rows.Count:#,##0} 行。" : $"The result hit the row limit; only the first {result.Rows.Count:#,##0} rows are shown.";
        }

        var count = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Role == ColumnRole.Count);
        if (count.c is not null && result.Rows.Count > 0)
        {
            var small = result.Rows.Count(r => ToDouble(r[count.i]) is { } v && v < SmallSample);
            if (small > 0)
            {
                yield return zh
                    ? $"有 {small} 个分组的{count.c.Label[language]}少于 {SmallSample}，样本较小，结论仅供参考。"
                    : $"{small} group(s) have fewer than {SmallSample} in \"{count.c.Label[language]}\": small samples, read with care.";
            }
        }

        if (result.HasNoEvidence)
        {
            yield return zh ? "所选条件下没有数据：可以放宽时间范围或去掉筛选。" : "No rows for these filters: try a wider period or fewer filters.";
        }

        if (scope.IsRestricted)
        {
            yield return scope.Note()[language];
        }
    }

    /// <summary>A JSON- and display-friendly value: big integers and unsigned types become numbers, everything else as is.</summary>
    public static object? Plain(object? value) => value switch
    {
        null => null,
        DateRange range => range.ToString(),
        BigInteger big => (decimal)big,
        ulong u => (decimal)u,
        uint u => (long)u,
        ushort u => (int)u,
        byte b => (int)b,
        sbyte s => (int)s,
        float f => (double)f,
        double d when double.IsNaN(d) || double.IsInfinity(d) => null,
        TimeSpan t => t.TotalHours,
        string or bool or int or long or short or decimal or double or DateOnly or DateTime or DateTimeOffset => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static double? ToDouble(object? value) => Plain(value) switch
    {
        int i => i,
        long l => l,
        short s => s,
        decimal m => (double)m,
        double d => d,
        _ => null,
    };
}
