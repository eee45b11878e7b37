using JourneyAssistant.Analyst.Kernel;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Execution;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>A model's query_metric call, already checked against the catalog, as the same plan the offline planner makes.</summary>
internal sealed class ModelMetricCall(IMetricCatalog metrics)
{
    public MetricCandidate Plan(MetricCall call, PeriodAnchor anchor)
    {
        var metric = metrics.Find(call.Metric)!;
        var period = DateRange.TryResolve(anchor.DefaultPeriod(call.Period) ?? call.Period, anchor.AsOf)!;
        var by = call.By is null ? null : metrics.Dimensions[call.By];
        var shape = call.Compare && by is null ? MetricShape.Compare : by is null ? MetricShape.Total : by.IsTime ? MetricShape.Trend : MetricShape.Breakdown;
        if (shape == MetricShape.Compare && period.IsAll)
        {
            period = DateRange.TryResolve(anchor.DefaultPeriod("last_week") ?? "last_week", anchor.AsOf)!;
        }

        var plan = new MetricPlan(metric, shape, period, shape == MetricShape.Compare ? MetricPlanner.Before(period) : null, by, call.Filters,
            call.Ascending, call.Limit, Ranking: by is not null, PeriodStated: !period.IsAll);
        return new MetricCandidate(plan, metric.Id, period.Start == period.End, period.IsAll, call.Compare, false);
    }
}
