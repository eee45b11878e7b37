using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Skills.Execution;

namespace JourneyAssistant.Metrics.Planning;

/// <summary>The shape of a metric question's answer.</summary>
public enum MetricShape
{
    /// <summary>One number for the period ("total revenue").</summary>
    Total,

    /// <summary>The period against the one before it, with the member that drove the change.</summary>
    Compare,

    /// <summary>One row per member of a dimension ("revenue by channel", "which region has the most orders").</summary>
    Breakdown,

    /// <summary>One row per day, week or month.</summary>
    Trend,
}

/// <summary>A filter a question names: only rows whose dimension holds this value.</summary>
public sealed record MetricFilter(string Dimension, string Value);

/// <summary>
/// What a metric question asks, in declared pieces only: a metric, a period, an optional cut and filters, a ranking
/// direction. The compiler turns it into one parameterized query; nothing in it is SQL.
/// </summary>
public sealed record MetricPlan(
    MetricDefinition Metric,
    MetricShape Shape,
    DateRange Period,
    DateRange? Previous = null,
    DimensionDefinition? By = null,
    IReadOnlyList<MetricFilter>? Filters = null,
    bool Ascending = false,
    int Limit = 20,
    bool Ranking = false,
    bool PeriodStated = true)
{
    public IReadOnlyList<MetricFilter> FilterList => Filters ?? [];
}
