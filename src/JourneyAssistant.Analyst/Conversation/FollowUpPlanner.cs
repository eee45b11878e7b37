using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Metrics;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Analyst.Conversation;

/// <summary>
/// A follow-up ("那上个月呢", "按渠道拆分", "那复购率呢") planned from the conversation's last answer: the skill or metric it
/// continues, with the previous arguments it keeps; null when the question is a new one, routed on its own.
/// </summary>
internal sealed class FollowUpPlanner(
    ISkillCatalog catalog, SkillRouter router, FactExtractor extractor, ConversationStore conversations,
    MetricPlanner? metricPlanner, IJourneyDictionary? dictionary, KnownWords knownWords)
{
    public RoutePlan? Skill(Question question, QuestionFacts facts, RouteResult route)
    {
        var last = conversations.Last(question.ConversationId);
        if (last is not null && last.SkillId.StartsWith("metric:", StringComparison.Ordinal) && route.IsConfident
            && FollowUps.LooksLikeFollowUp(question.Text, facts) && FollowUps.HasMarker(facts) && HasTopic(facts)
            && catalog.Find(route.Best!.SkillId) is { } next)
        {
            // "那各触点满意度呢" after a metric answer: the skill it names, over the period the last answer used.
            var carried = QuestionBinder.Bind(next, facts).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            if (facts.Period is null && last.Arguments.TryGetValue("period", out var period) && period != "all"
                && next.Parameter("period") is { Type: ParameterType.DateRange } && !carried.ContainsKey("period"))
            {
                carried["period"] = period;
            }

            return new RoutePlan(next, carried, "follow-up");
        }

        if (last is null || catalog.Find(last.SkillId) is not { } lastSkill || !FollowUps.LooksLikeFollowUp(question.Text, facts))
        {
            return null;
        }

        // "what should we do about the after-sales hotline?" after a revenue question names nothing the revenue skill can
        // take and is confidently another analysis: a new question, routed on its own.
        if (!FollowUps.HasMarker(facts) && facts.Breakdown is null && route.IsConfident && route.Best!.SkillId != lastSkill.Id
            && (QuestionBinder.Bind(lastSkill, facts).Count == 0 || facts.Entities.Any(e => e.Kind != DictionaryKind.Channel && !lastSkill.Parameters.Any(p => p.ValuesFrom == e.Kind))))
        {
            return null;
        }

        var skill = lastSkill;
        // "换成收入" after an anomaly question names a value of the previous skill's own parameter: stay with it.
        var namesOwnValue = QuestionBinder.Bind(lastSkill, facts).Keys
            .Any(k => lastSkill.Parameter(k) is { Type: ParameterType.Enum, Values.Count: > 0 });
        if (facts.Breakdown is { } dimension && !Accepts(lastSkill, dimension))
        {
            // The previous skill cannot split that way: pick the skill closest to "previous topic + this dimension",
            // preferring one whose rows are that dimension.
            var words = FactExtractor.Dimensions.GetValueOrDefault(dimension) ?? [];
            var combined = router.Route($"{lastSkill.Title.Zh} {lastSkill.Title.En} {lastSkill.Description.Zh} {string.Join(" ", words)}").Ranked
                .Select(c => catalog.Find(c.SkillId)).OfType<SkillDefinition>().Where(s => s.Id != lastSkill.Id).ToList();
            skill = combined.FirstOrDefault(s => s.Columns.Count > 0 && (s.Columns[0].Dictionary == dimension || s.Columns[0].Name == dimension))
                ?? combined.FirstOrDefault(s => s.Columns.Any(c => c.Dictionary == dimension || c.Name == dimension))
                ?? combined.FirstOrDefault(s => Accepts(s, dimension))
                ?? lastSkill;
        }
        else if (!namesOwnValue && route.IsConfident && route.Best!.SkillId != lastSkill.Id && HasTopic(facts) && catalog.Find(route.Best.SkillId) is { } other)
        {
            // "那复购率呢": a new topic keeps the previous filters.
            skill = other;
        }

        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in last.Arguments)
        {
            if (skill.Parameter(name) is not null)
            {
                arguments[name] = value;
            }
        }

        foreach (var (name, value) in QuestionBinder.Bind(skill, facts))
        {
            arguments[name] = value;
        }

        if (FollowUps.ClearsChannel(facts.Normalized))
        {
            foreach (var parameter in skill.Parameters.Where(p => p.ValuesFrom == DictionaryKind.Channel))
            {
                arguments.Remove(parameter.Name);
            }
        }

        return new RoutePlan(skill, arguments, "follow-up");
    }

    // "按渠道拆分" / "换成上个月" after a metric answer: the previous question with the new words in front, planned again.
    public MetricCandidate? Metric(Question question, QuestionFacts facts, PeriodAnchor anchor, DataProfile profile, RouteResult route)
    {
        var last = conversations.Last(question.ConversationId);
        if (last is null || !last.SkillId.StartsWith("metric:", StringComparison.Ordinal) || !FollowUps.LooksLikeFollowUp(question.Text ?? "", facts)
            || metricPlanner!.Plan(facts, new NamedValues([], null), anchor) is not null)
        {
            return null;
        }

        // "what should we do about the after-sales hotline?" is a new question, not an edit of the last number.
        if (route.IsConfident && !FollowUps.HasMarker(facts) && facts.Breakdown is null)
        {
            return null;
        }

        var combined = $"{question.Text}；{last.Question}";
        var combinedFacts = anchor.Extract(extractor, combined);
        var named = NamedValueFinder.Find(combined, combinedFacts, profile, dictionary!, knownWords.Knows);
        return metricPlanner.Plan(combinedFacts, named, anchor) is { } planned ? planned with { PlannedText = combined } : null;
    }

    private static bool HasTopic(QuestionFacts facts) =>
        SynonymTable.ConceptsIn(facts.Normalized).Any(c => c is not ("§channel" or "§touchpoint" or "§stage" or "§best" or "§worst" or "§trend" or "§who" or "§filler"));

    private static bool Accepts(SkillDefinition skill, string dimension) =>
        skill.Parameters.Any(p => p.Type == ParameterType.Enum && p.Values is { } values && values.Contains(dimension, StringComparer.Ordinal));
}
