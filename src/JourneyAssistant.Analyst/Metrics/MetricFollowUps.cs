using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>Follow-ups a metric answer offers; each edits the plan when asked next ("按渠道拆分", "换成上个月").</summary>
public static class MetricFollowUps
{
    public static IReadOnlyList<string> For(MetricPlan plan, Language language, IReadOnlyDictionary<string, DimensionDefinition> dimensions)
    {
        var zh = language == Language.Zh;
        var result = new List<string>();
        var metric = plan.Metric;
        var cut = new[] { "channel", "region", "touchpoint" }.FirstOrDefault(d => metric.Dimensions.Contains(d) && plan.By?.Id != d && dimensions.ContainsKey(d));
        if (cut is not null)
        {
            var name = dimensions[cut].Name;
            result.Add(zh ? $"按{name.Zh}拆分" : $"Break it down by {name.En}");
        }

        if (plan.Shape != MetricShape.Compare)
        {
            result.Add(zh ? "和前一期比呢？" : "Compared with the previous period?");
        }

        if (plan.Shape != MetricShape.Trend && metric.Dimensions.Contains("day"))
        {
            result.Add(zh ? "按天看趋势" : "Show the daily trend");
        }

        if (!plan.Period.IsAll)
        {
            result.Add(zh ? "换成上个月" : "Switch to last month");
        }

        return result.Take(3).ToList();
    }
}
