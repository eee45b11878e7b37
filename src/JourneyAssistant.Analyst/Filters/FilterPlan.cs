using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Filters;

/// <summary>
/// How the dimension values a question names reach the answer, so none is silently dropped: as row filters on the
/// analysis views (region, or a channel the skill has no parameter for), by keeping only that channel's rows when the
/// skill's rows are channels, or refused in words when the skill cannot be narrowed that way (campaigns).
/// </summary>
public sealed record FilterPlan(IReadOnlyList<RowFilter> Scope, NamedValue? KeepRows, IReadOnlyList<NamedValue> Applied, IReadOnlyList<NamedValue> Refused)
{
    public static FilterPlan None { get; } = new([], null, [], []);

    /// <summary>The plan for <paramref name="skill"/> run with <paramref name="arguments"/>.</summary>
    public static FilterPlan For(SkillDefinition skill, IReadOnlyDictionary<string, string> arguments, QuestionFacts facts, NamedValues named, IJourneyDictionary? dictionary)
    {
        var scope = new List<RowFilter>();
        var applied = new List<NamedValue>();
        var refused = new List<NamedValue>();
        NamedValue? keep = null;

        var regions = named.Values.Where(v => v.Dimension == FilterDimensions.Region).ToList();
        if (regions.Count > 0)
        {
            scope.Add(new RowFilter(FilterDimensions.Region, regions.Select(r => r.Value).ToList()));
            applied.AddRange(regions);
        }

        refused.AddRange(named.Values.Where(v => v.Dimension == FilterDimensions.Campaign));

        // One channel named, not compared with another, and not already bound to the skill's own channel parameter.
        var channels = named.Values.Where(v => v.Dimension == FilterDimensions.Channel).ToList();
        if (channels.Count == 0 && !facts.IsComparison && facts.Ids(DictionaryKind.Channel) is [var id])
        {
            channels.Add(new NamedValue(FilterDimensions.Channel, id, dictionary?.Label(DictionaryKind.Channel, id, Language.Zh) ?? id));
        }

        var channelParameter = skill.ChannelParameter;
        if (channels is [var channel] && !(channelParameter is not null && arguments.ContainsKey(channelParameter.Name)) && !PartOfTouchpoint(facts, channel.Value))
        {
            var custom = named.Values.Contains(channel);
            if (skill.Columns.FirstOrDefault(c => c.Dictionary == DictionaryKind.Channel) is not null)
            {
                if (!custom && ComparesWithOthers(facts))
                {
                    // "电话和在线客服的处理时效对比": the channel is one side of a comparison the rows already make.
                    return new FilterPlan(scope, null, applied, refused);
                }

                keep = channel;
                applied.Add(channel);
            }
            else if (custom)
            {
                // A company's own channel value: the event rows carry it, so the views can be narrowed to it.
                scope.Add(new RowFilter(FilterDimensions.Channel, [channel.Value]));
                applied.Add(channel);
            }
            else
            {
                // The skill has no channel filter of its own: say so rather than narrow events the skill reads by another channel.
                refused.Add(channel);
            }
        }

        // A touchpoint the skill neither filters by nor shows as rows ("购物车的收入趋势"): said, not silently dropped.
        // Steps shown as events ("从看商品到付款") or a free-text parameter (an experiment's name) already take the words in.
        if (!skill.Parameters.Any(p => p.ValuesFrom == DictionaryKind.Touchpoint || p.Type == ParameterType.String)
            && !skill.Columns.Any(c => c.Dictionary is DictionaryKind.Touchpoint or DictionaryKind.Event))
        {
            foreach (var mention in facts.Entities.Where(e => e.Kind == DictionaryKind.Touchpoint && !NamesSkillValue(skill, facts, e)).DistinctBy(e => e.Id))
            {
                refused.Add(new NamedValue(DictionaryKind.Touchpoint, mention.Id, dictionary?.Label(DictionaryKind.Touchpoint, mention.Id, Language.Zh) ?? mention.Id));
            }
        }

        return new FilterPlan(scope, keep, applied, refused);
    }

    private static readonly string[] CompareWords = ["和", "跟", "与", "对比", "比较", "相比", "哪个更", " vs", "versus", "compare", " or "];

    private static bool ComparesWithOthers(QuestionFacts facts) => CompareWords.Any(w => facts.Normalized.Contains(w, StringComparison.Ordinal));

    // "支付成功率" names the skill's payment_success_rate metric, not the 支付成功 touchpoint.
    private static bool NamesSkillValue(SkillDefinition skill, QuestionFacts facts, EntityMention mention)
    {
        var span = facts.Normalized.Substring(mention.Index, mention.Length);
        return skill.Parameters.Where(p => p.Type == ParameterType.Enum && p.Values is { Count: > 0 }).SelectMany(p => p.Values!)
            .SelectMany(v => QuestionBinder.ValueSynonyms.GetValueOrDefault(v) ?? [])
            .Any(form => form.Contains(span, StringComparison.Ordinal) && facts.Normalized.Contains(form, StringComparison.Ordinal));
    }

    // "after-sales hotline": the channel word is part of the touchpoint's name, which the skill already filters by.
    private static bool PartOfTouchpoint(QuestionFacts facts, string channel) =>
        facts.Entities.Where(e => e.Kind == DictionaryKind.Channel && e.Id == channel).Any(c =>
            facts.Entities.Any(t => t.Kind == DictionaryKind.Touchpoint && (Math.Abs(t.Index + t.Length - c.Index) <= 1 || Math.Abs(c.Index + c.Length - t.Index) <= 1)));

    /// <summary>The user's scope narrowed by this plan's row filters (a denied scope stays denied).</summary>
    public DataScope Narrow(DataScope user) =>
        Scope.Count == 0 || user.IsDenied ? user : DataScope.Restricted(user.Filters.Concat(Scope));

    /// <summary>The result with only the kept channel's rows, when the plan keeps rows.</summary>
    public SkillResult Keep(SkillResult result)
    {
        if (KeepRows is not { } keep)
        {
            return result;
        }

        var index = result.Columns.ToList().FindIndex(c => c.Dictionary == DictionaryKind.Channel);
        return index < 0 ? result : result with { Rows = [.. result.Rows.Where(r => string.Equals(r[index] as string, keep.Value, StringComparison.Ordinal))] };
    }

    /// <summary>The sentence that leads the answer: what was filtered and what could not be; null when nothing was named.</summary>
    public string? Note(Language language, IJourneyDictionary? dictionary)
    {
        var zh = language == Language.Zh;
        var parts = new List<string>();
        foreach (var group in Applied.GroupBy(v => v.Dimension))
        {
            var labels = string.Join(zh ? "、" : ", ", group.Select(v => Label(v, language, dictionary)));
            parts.Add(zh ? $"已按{FilterDimensions.Name(group.Key, language)}筛选：{labels}。" : $"Filtered to {FilterDimensions.Name(group.Key, language)} {labels}. ");
        }

        foreach (var group in Refused.GroupBy(v => v.Dimension))
        {
            var labels = string.Join(zh ? "、" : ", ", group.Select(v => Label(v, language, dictionary)));
            var name = FilterDimensions.Name(group.Key, language);
            parts.Add(zh
                ? $"按{name}筛选不适用于此分析（{labels}），以下是不限{name}的结果。"
                : $"This analysis can't be filtered by {name} ({labels}); the figures below are for every {name}. ");
        }

        return parts.Count == 0 ? null : string.Concat(parts);
    }

    private static string Label(NamedValue value, Language language, IJourneyDictionary? dictionary) =>
        value.Dimension is FilterDimensions.Channel or DictionaryKind.Touchpoint && dictionary is not null ? dictionary.Label(value.Dimension, value.Value, language) : value.Label;
}
