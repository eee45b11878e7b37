using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Answers;

/// <summary>
/// A channel the question names that the store has no rows for: said with the channels it has, never answered for all
/// channels instead nor narrated as an empty or zero result.
/// </summary>
internal sealed class ChannelAbsence(IJourneyDictionary? dictionary)
{
    /// <summary>The answer to a question naming a channel this data does not have, with the channels it has.</summary>
    public Answer NoSuchChannel(Question question, Language language, string name, DataProfile profile)
    {
        var zh = language == Language.Zh;
        var labels = profile.Channels.Select(id => dictionary?.Label(DictionaryKind.Channel, id, language) ?? id).ToList();
        var list = string.Join(zh ? "、" : ", ", labels);
        var example = labels[0];
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.NotUnderstood,
            Text = zh ? $"这里没有叫“{name}”的渠道——现有的渠道是：{list}。" : $"There is no channel called \"{name}\" — channels here are {list}.",
            Explanation = zh
                ? "渠道名按数据里实际出现的渠道值（含自定义名称）匹配；没有匹配时不会改答全部渠道。"
                : "Channel names are matched against the channel values present in the data (custom names included); with no match I don't answer for all channels instead.",
            FollowUps = zh ? [$"{example}的转化率怎么样？", "哪个渠道转化最好？"] : [$"How does {example} convert?", "Which channel converts best?"],
            RoutedBy = "none",
        };
    }

    /// <summary>
    /// An answered skill whose channel has no rows here: the skill ran (its SQL stays there to audit), but the text says
    /// the store has no such channel and the recommendation is to check the channel's name mapping.
    /// </summary>
    public Answer? Absent(Answer answer, Question question, Language language, RoutePlan plan, FilterPlan filters, QuestionFacts facts, DataProfile profile)
    {
        if (answer.Kind != AnswerKind.Answered || AbsentChannel(plan, filters, profile) is not { } absent)
        {
            return null;
        }

        return answer with
        {
            Text = AbsentChannelText(language, absent, Surface(question.Text ?? "", facts, absent), profile),
            Recommendations = [ChannelNameCheck(language, absent)],
        };
    }

    private Recommendation ChannelNameCheck(Language language, string id)
    {
        var label = dictionary?.Label(DictionaryKind.Channel, id, language) ?? id;
        return language == Language.Zh
            ? new($"用 `journey dictionary list` 查看这份数据里的渠道名；如果{label}在数据里叫别的名字，用 `journey dictionary suggest` / `apply` 把它映射过来，再重新提问。", "渠道名映射", "数据负责人")
            : new($"List this data's channel names with `journey dictionary list`; if {label} goes by another name here, map it with `journey dictionary suggest` / `apply`, then ask again.", "Channel name mapping", "Data owner");
    }

    private string AbsentChannelText(Language language, string id, string? surface, DataProfile profile)
    {
        var zh = language == Language.Zh;
        var label = dictionary?.Label(DictionaryKind.Channel, id, language) ?? id;
        var asked = surface is not null && !string.Equals(TextTokens.Normalize(surface), TextTokens.Normalize(label), StringComparison.Ordinal) ? surface : null;
        var list = string.Join(zh ? "、" : ", ", profile.Channels.Select(c => dictionary?.Label(DictionaryKind.Channel, c, language) ?? c));
        return zh
            ? $"这份数据里没有{label}渠道的记录{(asked is null ? "" : $"（问题里的“{asked}”）")}，所以没有它的数字——现有的渠道是：{list}。"
            : $"This data has no rows for the {label} channel{(asked is null ? "" : $" (\"{asked}\" in the question)")}, so there is no figure for it — channels here are {list}.";
    }

    // A channel the plan filters by (a kept row, a narrowed view, or the skill's own channel parameter) that the store has no rows for.
    private static string? AbsentChannel(RoutePlan plan, FilterPlan filters, DataProfile profile)
    {
        if (profile.Channels.Count == 0)
        {
            return null;
        }

        var channelParameter = plan.Skill.ChannelParameter;
        var named = filters.Applied.Where(v => v.Dimension == FilterDimensions.Channel).Select(v => v.Value)
            .Concat(channelParameter is not null && plan.Arguments.TryGetValue(channelParameter.Name, out var bound) ? [bound] : []);
        return named.FirstOrDefault(id => !profile.Channels.Contains(id, StringComparer.Ordinal));
    }

    // The words the question used for a dictionary id ("TikTok" for douyin), in its own letter case.
    private static string? Surface(string question, QuestionFacts facts, string id)
    {
        if (facts.Entities.FirstOrDefault(e => e.Kind == DictionaryKind.Channel && e.Id == id) is not { } mention)
        {
            return null;
        }

        var normalized = facts.Normalized.Substring(mention.Index, mention.Length);
        var at = question.IndexOf(normalized, StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? question.Substring(at, normalized.Length) : normalized;
    }
}
