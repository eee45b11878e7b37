using System.Globalization;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Analyst.Extraction;

/// <summary>
/// Maps a question's facts onto a skill's declared parameters by type, not by skill: a date_range takes the period,
/// an enum from the channel dictionary takes the channel named, an enum with listed values takes the value named
/// (with bilingual synonyms), top_n takes "前5"/"top 5". Parameters nothing mentions are left to the skill's defaults.
/// </summary>
public static class QuestionBinder
{
    /// <summary>How people name enum values that skills commonly declare (attribution models, grains, metrics, dimensions).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ValueSynonyms = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["first_touch"] = ["首次触点", "首次接触", "首触", "首次", "第一个触点", "第一触点", "首次点击", "first touch", "first-touch", "first click", "first interaction"],
        ["last_touch"] = ["末次触点", "最后触点", "最后一次触点", "末触", "末次", "最后点击", "最后一次点击", "last touch", "last-touch", "last click", "last-click", "last interaction"],
        ["linear"] = ["线性", "平均分配", "平均", "linear", "evenly", "equal credit"],
        ["time_decay"] = ["时间衰减", "衰减", "time decay", "time-decay", "decay"],
        ["position_based"] = ["位置", "u型", "u 型", "首尾", "position based", "position-based", "u-shaped", "u shaped"],
        ["markov"] = ["马尔可夫", "马尔科夫", "移除效应", "数据驱动", "markov", "removal effect", "data-driven", "data driven"],
        ["day"] = ["按天", "每天", "每日", "日度", "by day", "daily", "per day", "each day"],
        ["week"] = ["按周", "每周", "周度", "by week", "weekly", "per week", "each week"],
        ["month"] = ["按月", "每月", "月度", "by month", "monthly", "per month", "each month"],
        ["orders"] = ["订单数", "订单量", "单量", "订单", "orders", "order count", "number of orders"],
        ["revenue"] = ["收入", "营收", "销售额", "gmv", "金额", "流水", "revenue", "sales", "turnover"],
        ["people"] = ["人数", "用户数", "访客", "uv", "people", "users", "visitors"],
        ["active_people"] = ["活跃人数", "活跃用户", "活跃", "active people", "active users", "dau", "active"],
        ["conversion_rate"] = ["转化率", "conversion rate", "cvr", "转化"],
        ["aov"] = ["客单价", "平均订单", "aov", "average order value", "basket size"],
        ["tickets"] = ["工单数", "工单量", "工单", "tickets", "ticket volume"],
        ["nps"] = ["nps", "净推荐值"],
        ["csat"] = ["csat", "满意度"],
        ["conversions"] = ["转化数", "转化人数", "成交数", "成交人数", "conversions", "converted people", "number of conversions"],
        ["converters"] = ["转化人数", "成交人数", "购买人数", "converters", "buyers"],
        ["payment_success_rate"] = ["支付成功率", "付款成功率", "payment success rate", "payment success", "支付为什么", "付款为什么", "payments drop", "payments fall", "payments fell"],
        ["median_resolution_hours"] = ["解决时长", "处理时长", "工单时效", "resolution time", "resolution hours", "time to resolve"],
        ["repurchase_rate"] = ["复购率", "回购率", "repurchase rate", "repeat purchase rate"],
        ["purchase"] = ["购买用户", "购买留存", "下单用户", "买过", "首购", "首次购买", "首单", "first purchase", "first order", "purchase", "purchases", "buyers", "paying"],
        ["activity"] = ["活跃留存", "访问", "activity", "visits"],
        ["all"] = ["所有模型", "全部模型", "各模型", "各种模型", "all models", "every model", "compare models"],
        ["events"] = ["事件数", "事件量", "events", "event count"],
        ["new_people"] = ["新客", "新用户", "新增", "new people", "new users", "new customers"],
        ["channel"] = ["按渠道", "分渠道", "各渠道", "渠道", "by channel", "per channel", "channel"],
        ["touchpoint"] = ["按触点", "分触点", "各触点", "触点", "by touchpoint", "per touchpoint", "touchpoint"],
        ["stage"] = ["按阶段", "分阶段", "各阶段", "by stage", "per stage", "stage"],
        ["region"] = ["按地区", "分地区", "各地区", "地区", "区域", "by region", "per region", "region"],
    };

    /// <summary>
    /// How people switch on boolean parameters skills commonly declare ("买了东西的顾客走哪条路径" → converted_only). A cue right
    /// after a negation (没买过的, 未成交的, never bought) switches nothing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> BooleanCues = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["converted_only"] = ["买了东西的", "买过东西的", "买过的", "购买过的", "已购买的", "购买的顾客", "购买的用户", "下过单的", "下单的顾客", "下单的用户", "成交的", "付过款的", "转化了的", "转化的人", "转化的用户", "转化的顾客",
            "buyers", "people who bought", "customers who bought", "users who bought", "who converted", "who purchased", "who paid", "converted people", "converting customers", "paying customers"],
        ["include_offline"] = ["包括门店", "包含门店", "含门店", "包括线下", "含线下", "连同门店", "including stores", "including offline", "include offline", "include stores", "with stores"],
    };

    /// <summary>The arguments for <paramref name="skill"/> that the question states; keys are parameter names, values their text form.</summary>
    public static Dictionary<string, string> Bind(SkillDefinition skill, QuestionFacts facts)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        var touchpointParams = skill.Parameters.Where(p => p.Type == ParameterType.Enum && p.ValuesFrom == DictionaryKind.Touchpoint).ToList();
        var touchpoints = facts.AllTouchpoints();

        foreach (var parameter in skill.Parameters)
        {
            switch (parameter.Type)
            {
                case ParameterType.DateRange when facts.Period is { } period:
                    arguments[parameter.Name] = period.Argument;
                    break;
                case ParameterType.Enum when parameter.ValuesFrom is { } kind:
                    var ids = kind == DictionaryKind.Touchpoint && touchpointParams.Count > 1
                        ? OrderedSlot(parameter, touchpointParams, touchpoints)
                        : facts.Ids(kind).Take(facts.IsComparison ? 0 : 1).ToList();
                    if (ids.Count > 0 && Allowed(parameter, ids[0]))
                    {
                        arguments[parameter.Name] = ids[0];
                    }

                    break;
                case ParameterType.Enum when parameter.Values is { Count: > 0 } values:
                    if (MentionedValue(values, facts, parameter.Name) is { } value)
                    {
                        arguments[parameter.Name] = value;
                    }

                    break;
                case ParameterType.Boolean when BooleanCues.TryGetValue(parameter.Name, out var cues) && Cued(facts.Normalized, cues):
                    arguments[parameter.Name] = "true";
                    break;
                case ParameterType.Integer when IsTopN(parameter.Name) && facts.TopN is { } n:
                    var clamped = Math.Clamp(n, (int)(parameter.Min ?? 1), (int)(parameter.Max ?? 100));
                    arguments[parameter.Name] = clamped.ToString(CultureInfo.InvariantCulture);
                    break;
            }
        }

        return arguments;
    }

    /// <summary>The listed value a question names (longest synonym wins), or null.</summary>
    public static string? MentionedValue(IReadOnlyList<string> values, QuestionFacts facts, string parameterName) =>
        MentionedForm(values, facts, parameterName)?.Value;

    /// <summary>
    /// True when the question names the value in words that are not also a plain topic word: "支付成功率" names the
    /// payment_success_rate metric, but "转化" or "buyers" is what every conversion question says, so it must not lift
    /// the one skill that happens to have a metric called conversion_rate.
    /// </summary>
    public static bool NamesDistinctValue(IReadOnlyList<string> values, QuestionFacts facts, string parameterName) =>
        MentionedForm(values, facts, parameterName) is { } mention
        && (mention.Form is null || !SynonymTable.Concepts.Values.Any(variants => variants.Contains(mention.Form, StringComparer.Ordinal)));

    private static (string Value, string? Form)? MentionedForm(IReadOnlyList<string> values, QuestionFacts facts, string parameterName)
    {
        // A breakdown phrase ("按渠道") speaks for dimension-like parameters directly.
        if (facts.Breakdown is { } dimension && values.Contains(dimension, StringComparer.Ordinal) && !IsGrain(parameterName))
        {
            return (dimension, null);
        }

        string? best = null;
        string? bestForm = null;
        var bestLength = 0;
        foreach (var value in values)
        {
            var forms = new List<string> { TextTokens.Normalize(value), TextTokens.Normalize(value.Replace('_', ' ')) };
            if (ValueSynonyms.TryGetValue(value, out var synonyms))
            {
                forms.AddRange(synonyms);
            }

            foreach (var form in forms.Where(f => f.Length > 1))
            {
                if (form.Length > bestLength && TextTokens.ContainsTerm(facts.Normalized, form))
                {
                    best = value;
                    bestForm = form;
                    bestLength = form.Length;
                }
            }
        }

        return best is null ? null : (best, bestForm);
    }

    private static bool Cued(string text, string[] cues)
    {
        foreach (var cue in cues)
        {
            for (var at = text.IndexOf(cue, StringComparison.Ordinal); at >= 0; at = text.IndexOf(cue, at + 1, StringComparison.Ordinal))
            {
                var before = text[Math.Max(0, at - 6)..at];
                var negated = before.EndsWith('没') || before.EndsWith('未') || before.EndsWith('不') || before.EndsWith("没有", StringComparison.Ordinal)
                    || before.EndsWith("never ", StringComparison.Ordinal) || before.EndsWith("not ", StringComparison.Ordinal) || before.EndsWith("n't ", StringComparison.Ordinal);
                var latinGlued = TextTokens.IsCjk(cue[0]) is false && at > 0 && char.IsLetterOrDigit(text[at - 1]);
                if (!negated && !latinGlued)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsGrain(string name) => name is "grain" or "granularity" or "interval" or "bucket";

    private static bool IsTopN(string name) => name is "top_n" or "top" or "limit" or "n" or "top_k";

    private static bool Allowed(SkillParameter parameter, string id) =>
        parameter.Values is not { Count: > 0 } values || values.Contains(id, StringComparer.Ordinal);

    // Two touchpoint parameters (from/to): the first one named fills the first slot, the second the second.
    // Several touchpoint slots (a funnel's first and last step) bind only when the question names one for each: a
    // single named touchpoint ("支付页流失率是多少") asks about that step, not for a funnel that starts there.
    private static List<string> OrderedSlot(SkillParameter parameter, List<SkillParameter> slots, IReadOnlyList<string> mentioned)
    {
        var index = slots.IndexOf(parameter);
        return mentioned.Count >= slots.Count ? [mentioned[index]] : [];
    }
}
