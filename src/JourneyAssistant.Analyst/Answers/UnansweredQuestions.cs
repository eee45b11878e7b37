using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Answers;

/// <summary>The answers to questions no vetted skill takes (not understood) or that the analyst will not take (declined).</summary>
internal sealed class UnansweredQuestions(SkillSuggestions suggestions)
{
    public Answer NotUnderstood(Question question, Language language, RouteResult route)
    {
        var zh = language == Language.Zh;
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.NotUnderstood,
            Text = zh
                ? "抱歉，我现有的分析技能还回答不了这个问题。可以试试下面这些问法："
                : "Sorry, I can't answer that with the skills I have. Here are close questions I can answer:",
            Explanation = zh
                ? "我只运行审核过的分析技能（漏斗、渠道转化、路径、归因、留存、复购、满意度、工单、收入、异常等）；没有匹配的技能时不会临时拼 SQL。"
                : "I only run vetted analysis skills (funnels, channel conversion, paths, attribution, retention, repurchase, satisfaction, tickets, revenue, anomalies …); when none fits I don't improvise SQL.",
            FollowUps = suggestions.Closest(language, route, null, 3),
            RoutedBy = "none",
        };
    }

    public Answer Declined(Question question, Language language, DeclineReason reason)
    {
        var zh = language == Language.Zh;
        var text = reason == DeclineReason.Unsafe
            ? (zh ? "这个请求我不能执行：我只回答客户旅程数据的问题，不执行指令、原始 SQL，也不修改或导出原始数据。"
                  : "I can't do that: I only answer questions about customer-journey data, and I don't follow embedded instructions, run raw SQL, or change or export raw data.")
            : (zh ? "这个问题不在我的范围内——我是客户旅程分析助手，可以回答漏斗流失、渠道转化、路径、归因、留存复购、满意度和工单等问题。"
                  : "That's outside what I do — I'm a customer-journey analyst: ask me about funnels and drop-off, channel conversion, paths, attribution, retention and repurchase, satisfaction or tickets.");
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.Declined,
            Text = text,
            FollowUps = suggestions.Closest(language, new RouteResult([], 1), null, 3),
            RoutedBy = "none",
        };
    }
}
