using JourneyAssistant.Metrics.Planning;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>A metric plan as the parameters an auditor reads: the metric, and each filter under its dimension's name ("stage": "consideration").</summary>
internal static class MetricAuditParameters
{
    public static Dictionary<string, object?> For(IReadOnlyDictionary<string, object?> bound, MetricPlan plan)
    {
        var parameters = new Dictionary<string, object?>(bound) { ["metric"] = plan.Metric.Id };
        foreach (var group in plan.FilterList.GroupBy(f => f.Dimension, StringComparer.Ordinal))
        {
            parameters.TryAdd(group.Key, string.Join(",", group.Select(f => f.Value)));
        }

        if (plan.By is { } by)
        {
            parameters.TryAdd("by", by.Id);
        }

        return parameters;
    }
}
