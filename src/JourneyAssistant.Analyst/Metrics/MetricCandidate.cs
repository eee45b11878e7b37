using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>
/// What the metric planner read out of a question, with the signals the routing step weighs against the skills:
/// how the metric was named, and whether the question has the shape of a metric question (a single day, a total,
/// a change between periods).
/// </summary>
public sealed record MetricCandidate(
    MetricPlan? Plan,
    string Alias,
    bool SingleDay,
    bool AsksTotal,
    bool AsksChange,
    bool AsksValue,
    LocalizedText? Refusal = null,
    string? OtherMetric = null,
    bool DriverAsked = false,
    string? RefusedDimension = null,
    bool RefusedFilter = false,
    bool Qualified = false)
{
    /// <summary>The text the plan was read from: the question, or for a follow-up the new words with the previous question.</summary>
    public string? PlannedText { get; init; }

    /// <summary>Why the metric layer took (or was offered) the question, for `ask --json`'s route.</summary>
    public string Signals => string.Join(",", new[]
    {
        OtherMetric is not null ? "two_metrics" : null, Qualified ? "qualified" : null, SingleDay ? "single_day" : null, AsksTotal ? "total" : null, AsksChange ? "change" : null, AsksValue ? "value" : null,
    }.Where(s => s is not null));
}
