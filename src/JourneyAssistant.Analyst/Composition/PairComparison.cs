using System.Globalization;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Composition;

/// <summary>
/// "小程序和官网哪个转化高？": a question comparing two named values leads with their difference, not with the skill's
/// usual best-and-worst (issue 16) — in the skill's focus measure, and saying when the gap of two rates is within noise.
/// </summary>
public static class PairComparison
{
    /// <summary>The headline comparing the first two of <paramref name="named"/> (dictionary ids, in question order), or null when the result has no row for one of them.</summary>
    public static string? Headline(SkillDefinition skill, SkillResult result, Language language, IReadOnlyList<(string Kind, string Id)> named,
        Func<ResultColumn, object?, string> label)
    {
        if (skill.Focus is not { } focus || result.IndexOf(focus.By) is not (var at and >= 0))
        {
            return null;
        }

        var dimension = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Role == ColumnRole.Dimension && x.c.Dictionary is not null);
        if (dimension.c is null)
        {
            return null;
        }

        var ids = named.Where(n => n.Kind == dimension.c.Dictionary).Select(n => n.Id).Distinct(StringComparer.Ordinal).Take(2).ToList();
        var rows = ids.Select(id => result.Rows.FirstOrDefault(r => r[dimension.i] is string v && v == id)).ToList();
        if (ids.Count < 2 || rows.Any(r => r is null) || rows.Any(r => ResultSanity.Number(r![at]) is null))
        {
            return null;
        }

        var measure = result.Columns[at];
        var zh = language == Language.Zh;
        var (a, b) = (rows[0]!, rows[1]!);
        var (va, vb) = (ResultSanity.Number(a[at])!.Value, ResultSanity.Number(b[at])!.Value);
        var (nameA, nameB) = (label(dimension.c, a[dimension.i]), label(dimension.c, b[dimension.i]));
        var what = measure.Label[language];
        if (va == vb)
        {
            return zh ? $"{nameA}和{nameB}的{what}相同：都是 {Format(measure, va)}。" : $"{nameA} and {nameB} have the same {Lower(what)}: {Format(measure, va)}.";
        }

        var (high, low, vh, vl) = va > vb ? (nameA, nameB, va, vb) : (nameB, nameA, vb, va);
        var gap = measure.Role == ColumnRole.Percent
            ? zh ? $"{(vh - vl) * 100:0.0} 个百分点" : $"{(vh - vl) * 100:0.0} percentage points"
            : Format(measure, vh - vl);
        var text = zh
            ? $"{high}的{what}比{low}高 {gap}：{Format(measure, vh)} 对 {Format(measure, vl)}。"
            : $"{high}'s {Lower(what)} is {gap} higher than {low}'s: {Format(measure, vh)} against {Format(measure, vl)}.";
        var count = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Role == ColumnRole.Count);
        if (measure.Role == ColumnRole.Percent && count.c is not null && ResultSanity.Number(a[count.i]) is { } na && ResultSanity.Number(b[count.i]) is { } nb && na > 0 && nb > 0
            && !ResultSanity.Differs(va, na, vb, nb))
        {
            text += zh ? "这个差距在随机波动范围内，不能据此说谁更好。" : " The gap is within noise: it does not show which is better.";
        }

        return text;
    }

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string Format(ResultColumn column, double value) => column.Role switch
    {
        ColumnRole.Percent => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        ColumnRole.Currency => value.ToString("#,##0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("#,##0.##", CultureInfo.InvariantCulture),
    };
}
