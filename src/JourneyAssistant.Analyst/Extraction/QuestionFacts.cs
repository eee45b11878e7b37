using System.Text.RegularExpressions;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Analyst.Extraction;

/// <summary>Everything the offline path reads out of a question besides the skill: dates, entities, top-N, breakdown, comparisons.</summary>
public sealed record QuestionFacts(
    string Normalized,
    DateRangeMatch? Period,
    IReadOnlyList<EntityMention> Entities,
    int? TopN,
    string? Breakdown,
    bool IsComparison)
{
    /// <summary>The store's own (custom) touchpoint names the question mentions, which no dictionary holds.</summary>
    public IReadOnlyList<EntityMention> StoreTouchpoints { get; init; } = [];

    /// <summary>Touchpoint ids mentioned, dictionary and store names together, in order of appearance.</summary>
    public IReadOnlyList<string> AllTouchpoints() =>
        Entities.Where(e => e.Kind == DictionaryKind.Touchpoint).Concat(StoreTouchpoints).OrderBy(e => e.Index).Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Ids of mentioned entries of one kind, in order of appearance, without repeats.</summary>
    public IReadOnlyList<string> Ids(string kind) => Entities.Where(e => e.Kind == kind).Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Reads <see cref="QuestionFacts"/> out of a question.</summary>
public sealed partial class FactExtractor(EntityExtractor entities)
{
    /// <summary>Breakdown dimensions and how people say them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Dimensions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["channel"] = ["渠道", "来源", "channel", "channels", "source"],
        ["touchpoint"] = ["触点", "页面", "touchpoint", "touchpoints", "touch point", "page"],
        ["stage"] = ["阶段", "stage", "stages"],
        ["region"] = ["地区", "区域", "城市", "省份", "大区", "region", "regions", "area", "city"],
        ["campaign"] = ["活动", "campaign", "campaigns"],
        ["day"] = ["天", "日", "day", "daily"],
        ["week"] = ["周", "星期", "week", "weekly"],
        ["month"] = ["月", "month", "monthly"],
    };

    /// <summary>Extracts the facts relative to <paramref name="asOf"/>.</summary>
    public QuestionFacts Extract(string question, DateOnly asOf)
    {
        var normalized = TextTokens.Normalize(question);
        var period = DateExpressions.Find(question, asOf);
        var mentions = entities.Find(question);
        return new QuestionFacts(normalized, period, mentions, TopN(normalized), Breakdown(normalized), IsComparison(normalized, mentions));
    }

    private static int? TopN(string text)
    {
        var m = TopPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var n = DateExpressions.ParseNumber(m.Groups["n"].Value);
        return n is >= 1 and <= 100 ? n : null;
    }

    /// <summary>The dimension after 按/by/per/split by/break down by, if any.</summary>
    public static string? Breakdown(string text)
    {
        var m = BreakdownPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var rest = m.Groups["rest"].Value;
        foreach (var (dimension, words) in Dimensions)
        {
            if (words.Any(w => rest.StartsWith(w, StringComparison.Ordinal)))
            {
                return dimension;
            }
        }

        return null;
    }

    private static bool IsComparison(string text, IReadOnlyList<EntityMention> mentions)
    {
        var sameKindPair = mentions.GroupBy(m => m.Kind).Any(g => g.Select(m => m.Id).Distinct().Count() >= 2);
        return sameKindPair && ComparePattern().IsMatch(text);
    }

    [GeneratedRegex(@"(?:前|top\s*|头|排名前|best\s+|worst\s+)(?<n>\d{1,3}|[一二两三四五六七八九十]{1,3}|three|five|ten|twenty)(?!\s*(?:天|日|周|个?月|个?星期|days?|weeks?|months?))")]
    private static partial Regex TopPattern();

    // Latin words only at word starts: "reach by channel" must not read "each" inside "reach" as the cue.
    [GeneratedRegex(@"(?:按照?|按着|分|根据|以|拆到|拆成|拆分到|细分到|(?<![a-z])(?:by|per|split by|broken down by|break(?:\s+it)?\s+down\s+by|breakdown by|grouped by|group by|for each|each)\b)\s*(?:各个?|每个?|不同的?|each|every|the)?\s*(?<rest>\S+(?:\s+\S+)?)")]
    private static partial Regex BreakdownPattern();

    [GeneratedRegex(@"和|跟|与|对比|比较|相比|比一比|比起|\bvs\.?\b|\bversus\b|compare|compared|against|\bor\b|哪个更|which is better")]
    private static partial Regex ComparePattern();
}
