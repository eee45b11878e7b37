using System.Text.RegularExpressions;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Conversation;

/// <summary>Recognizes questions that modify the previous one ("那上个月呢", "only mini program", "按渠道拆分") rather than start anew.</summary>
public static partial class FollowUps
{
    /// <summary>True when the wording reads as a modification of the previous question.</summary>
    public static bool LooksLikeFollowUp(string question, QuestionFacts facts)
    {
        var text = facts.Normalized.Trim();
        var shortText = Languages.Detect(text) == Language.Zh ? text.Length <= 24 : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 10;
        if (!shortText)
        {
            return false;
        }

        if (MarkerPattern().IsMatch(text))
        {
            return true;
        }

        // A bare parameter ("上个月", "小程序", "by channel") with nothing else to route on.
        var terms = OfflineRouter.QuestionTerms(question).Count;
        return (facts.Period is not null || facts.Entities.Count > 0 || facts.Breakdown is not null) && terms <= 6;
    }

    /// <summary>True when the wording itself marks a modification ("那…呢", "只看", "what about", "instead").</summary>
    public static bool HasMarker(QuestionFacts facts) => MarkerPattern().IsMatch(facts.Normalized.Trim());

    /// <summary>True when the follow-up asks to drop a channel filter ("全部渠道", "all channels").</summary>
    public static bool ClearsChannel(string normalized) => AllChannels().IsMatch(normalized);

    [GeneratedRegex(@"^(?:那|那么|那就|换成|换为|改成|改为|换|改|只看|仅看|只要|单看|再看|再按|还有|按|分|拆|如果|要是|看看|同样|也)|呢[?？]?\s*$|拆分|拆开|细分|^(?:what|how)\s+about|^(?:and|now|same|instead|switch|change|use|only|just|break|split|by|per|for|what if|then)\b|\binstead\b|break (?:it|that|this) down|split (?:it|that|this)?\s*by|same (?:thing|question|for)|\bjust\b.*\bonly\b")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"所有渠道|全部渠道|不限渠道|全渠道|all channels|every channel|any channel")]
    private static partial Regex AllChannels();
}
