using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>
/// The one scoring step between the metric layer and the skills. A question that names a metric goes to the metric
/// layer unless it also uses a word only an analysis answers — a skill keyword that is neither a metric's or
/// dimension's name nor grammar ("漏斗", "路径", "归因", "异常", "KPI" …: see <see cref="SkillIntent"/>). When the
/// question routes to a skill that is itself about this metric ("哪个渠道转化最好" → the channel conversion skill), a
/// breakdown or trend stays with that skill; a single number, a day, a total or a change is the metric's.
/// </summary>
public static class MetricRouting
{
    public static bool Wins(MetricCandidate candidate, RouteResult route, string? intent, SkillDefinition? best, bool followUp, MetricDefinition? other = null)
    {
        if (followUp)
        {
            return true;
        }

        if (candidate.Refusal is not null)
        {
            // "按阶段看工单量": the metric can't be cut that way. A confident skill that can make that cut answers instead;
            // otherwise the refusal says what the metric allows — never an answer that ignores the cut.
            // A word read as a filter ("buyers purchase again": the purchase stage) yields to any confident skill.
            return !route.IsConfident || (!candidate.RefusedFilter && (best is null || candidate.RefusedDimension is not { } cut || !Splits(best, cut)));
        }

        if (!route.IsConfident)
        {
            return true;
        }

        var plan = candidate.Plan!;
        if (intent is not null || candidate.Qualified || (candidate.OtherMetric is not null && best is not null && RelatesBoth(route, best, plan.Metric, other)))
        {
            // "漏斗里有多少人支付成功", "buyers, not just clicks", "没转化的人": an analysis, a negation or condition the
            // plan can't carry, or two metrics a skill relates. A skill that barely scored ("推荐分享次数和新增会员数" -> the
            // people count) relates nothing: the metric answers one and says the other can be asked.
            return false;
        }

        if (candidate.DriverAsked && !plan.Metric.Measure.IsAdditive)
        {
            // "which channel drove the conversion-rate change": a share's change has no additive split; the KPI skill's mix analysis does.
            return false;
        }

        var asksNumber = candidate.SingleDay || plan.Shape == MetricShape.Compare || (candidate.AsksTotal && !plan.PeriodStated) || candidate.AsksValue;
        var aboutIt = best is not null && Mentions(best, plan.Metric);
        return plan.Shape switch
        {
            // "复购率" / "小程序的conversion怎么样" with no number asked: the skill about it tells more.
            MetricShape.Total or MetricShape.Compare => asksNumber || !aboutIt,
            // A cut the confident skill can't make ("按地区看订单数" against the revenue trend) is the metric's.
            _ => !aboutIt || !Splits(best!, plan.By!.Id) || asksNumber,
        };
    }

    // A skill relates two named metrics when it is about one of them, or when the question matches it clearly (twice
    // the confidence bar: "which channel is the worst at turning visitors into buyers" -> channel conversion).
    private static bool RelatesBoth(RouteResult route, SkillDefinition best, MetricDefinition metric, MetricDefinition? other) =>
        Mentions(best, metric) || (other is not null && Mentions(best, other)) || (route.Best is { } top && top.Score >= 2 * route.Threshold);

    /// <summary>True when the skill's rows can be this dimension: a column of it, or a breakdown parameter offering it.</summary>
    public static bool Splits(SkillDefinition skill, string dimension) =>
        skill.Columns.Any(c => c.Dictionary == dimension || c.Name == dimension || c.Name == dimension + "_start" || (dimension == "day" && c.Name is "local_date" or "bucket" or "day"))
        || skill.Parameters.Any(p => p.Type == ParameterType.Enum && p.Values is { } values && values.Contains(dimension, StringComparer.Ordinal));

    /// <summary>True when one of the skill's keywords names the metric (either contains the other): the skill is about it.</summary>
    public static bool Mentions(SkillDefinition skill, MetricDefinition metric)
    {
        var aliases = metric.Aliases.Zh.Concat(metric.Aliases.En).Append(metric.Name.Zh).Append(metric.Name.En).Select(TextTokens.Normalize).Where(a => a.Length > 0).ToList();
        return skill.Keywords.Zh.Concat(skill.Keywords.En).Select(TextTokens.Normalize).Where(k => k.Length > 1)
            .Any(k => aliases.Any(a => TextTokens.IndexOfTerm(a, k, 0) >= 0 || TextTokens.IndexOfTerm(k, a, 0) >= 0));
    }
}
