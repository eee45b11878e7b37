using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Answers;

/// <summary>The questions an answer offers next: example questions of the closest skills, and drill-downs that would return data.</summary>
internal sealed class SkillSuggestions(ISkillCatalog catalog, IJourneyDictionary? dictionary)
{
    // The channel a "only …" suggestion names, when the store has it: the usual drill-downs first.
    private static readonly string[] PreferredChannels = ["mini_program", "app", "douyin", "website", "search", "official_account", "store"];

    // Only suggestions that would return data: a channel the store has, a previous month the data covers.
    public IReadOnlyList<string> After(Language language, RoutePlan plan, RouteResult route, PeriodAnchor anchor)
    {
        var zh = language == Language.Zh;
        var suggestions = new List<string>();
        var skill = plan.Skill;
        var channels = anchor.Data.Channels;
        if (skill.ChannelParameter is { } channel && !plan.Arguments.ContainsKey(channel.Name))
        {
            var allowed = channel.Values is { Count: > 0 } values ? channels.Where(values.Contains).ToList() : channels.ToList();
            var pick = PreferredChannels.FirstOrDefault(allowed.Contains) ?? allowed.FirstOrDefault();
            if (allowed.Count > 1 && pick is not null)
            {
                var label = dictionary?.Label(DictionaryKind.Channel, pick, language) ?? pick;
                suggestions.Add(zh ? $"只看{label}" : $"Only {label}");
            }
        }
        else if (channels.Count > 1 && skill.Parameters.Any(p => p.Type == ParameterType.Enum && p.Values is { } v && v.Contains("channel")))
        {
            suggestions.Add(zh ? "按渠道拆分" : "Break it down by channel");
        }

        var lastMonth = new DateOnly(anchor.AsOf.Year, anchor.AsOf.Month, 1).AddMonths(-1);
        if (skill.Parameters.Any(p => p.Type == ParameterType.DateRange) && anchor.Data.Overlaps(lastMonth, lastMonth.AddMonths(1).AddDays(-1)))
        {
            suggestions.Add(zh ? "那上个月呢？" : "What about last month?");
        }

        suggestions.AddRange(Closest(language, route, skill.Id, 3 - Math.Min(2, suggestions.Count)));
        return suggestions.Take(3).ToList();
    }

    /// <summary>Example questions of the closest other skills, in the question's language.</summary>
    public List<string> Closest(Language language, RouteResult route, string? exclude, int count)
    {
        var ids = route.Ranked.Select(r => r.SkillId)
            .Concat(new[] { "funnel_by_touchpoint", "conversion_by_channel", "top_paths", "repurchase_rate", "nps_by_touchpoint" })
            .Concat(catalog.Skills.Select(s => s.Id))
            .Where(id => id != exclude)
            .Distinct(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var id in ids)
        {
            if (result.Count >= count)
            {
                break;
            }

            if (catalog.Find(id) is { } skill && skill.Examples[language] is { Count: > 0 } examples)
            {
                result.Add(examples[0]);
            }
        }

        return result;
    }
}
