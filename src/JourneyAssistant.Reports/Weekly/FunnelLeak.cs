using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>The funnel step that lost most this week, with last week's drop rate at the same step and the sentence that says it.</summary>
internal sealed record LeakInfo(string Touchpoint, string Label, double People, double Dropped, double Rate, double PreviousRate, string Sentence);

/// <summary>Finds the week's biggest funnel leak the way the funnel skill's own answer does (its <c>focus</c> rule).</summary>
internal sealed class FunnelLeak(ISkillCatalog catalog, IJourneyDictionary dictionary, string funnelSkillId)
{
    public LeakInfo? Find(SkillResult? funnel, SkillResult? previous, Language language)
    {
        if (funnel is not { Rows.Count: > 0 } || funnel.IndexOf("dropped") < 0)
        {
            return null;
        }

        // The leak is the skill's own focus row (its `focus` rule), so the report and the skill's answer agree.
        var focus = catalog.Find(funnelSkillId)?.Focus ?? new FocusRule("drop_rate");
        var by = funnel.IndexOf(focus.By) >= 0 ? focus.By : "dropped";
        var ordered = funnel.Rows.Where(r => double.IsFinite(ResultReader.Number(funnel, r, by)));
        var row = (focus.Descending ? ordered.OrderByDescending(r => ResultReader.Number(funnel, r, by)) : ordered.OrderBy(r => ResultReader.Number(funnel, r, by))).FirstOrDefault();
        if (row is null)
        {
            return null;
        }

        var touchpoint = ResultReader.Text(funnel, row, "touchpoint") ?? string.Empty;
        var label = dictionary.Label(DictionaryKind.Touchpoint, touchpoint, language);
        var people = ResultReader.Number(funnel, row, "people");
        var dropped = ResultReader.Number(funnel, row, "dropped");
        var rate = ResultReader.Number(funnel, row, "drop_rate");
        var previousRow = previous?.Rows.FirstOrDefault(r => ResultReader.Text(previous, r, "touchpoint") == touchpoint);
        var previousRate = previousRow is null ? double.NaN : ResultReader.Number(previous!, previousRow, "drop_rate");
        var zh = language == Language.Zh;
        var compare = double.IsFinite(previousRate)
            ? (zh ? $"，上周为 {ValueFormat.Percent(previousRate)}" : $" (last week {ValueFormat.Percent(previousRate)})")
            : string.Empty;
        var sentence = zh
            ? $"本周最大的流失在 **{label}**：{ValueFormat.Count(people)} 人进入，流失 {ValueFormat.Count(dropped)} 人，流失率 **{ValueFormat.Percent(rate)}**{compare}。"
            : $"The week's biggest leak is **{label}**: {ValueFormat.Count(people)} people reached it and {ValueFormat.Count(dropped)} dropped — **{ValueFormat.Percent(rate)}**{compare}.";
        return new LeakInfo(touchpoint, label, people, dropped, rate, previousRate, sentence);
    }
}
