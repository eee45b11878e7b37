namespace JourneyAssistant.Reports.Weekly;

/// <summary>What the summary template's <c>{{name}}</c> placeholders are filled with, one property per placeholder.</summary>
internal sealed record SummaryValues(
    string Title, string Headline, string Week, string Period, string Freshness, string KpiTable, string Leak, string FunnelChart,
    string ChannelChart, string Changes, string Anomalies, string Actions, string Caveats, string GeneratedAt, string Elapsed)
{
    // One table for both the names a template may use and the values it gets, so the two cannot drift apart.
    private static readonly (string Name, Func<SummaryValues, string> Value)[] _placeholders =
    [
        ("title", v => v.Title),
        ("headline", v => v.Headline),
        ("week", v => v.Week),
        ("period", v => v.Period),
        ("freshness", v => v.Freshness),
        ("kpi_table", v => v.KpiTable),
        ("leak", v => v.Leak),
        ("funnel_chart", v => v.FunnelChart),
        ("channel_chart", v => v.ChannelChart),
        ("changes", v => v.Changes),
        ("anomalies", v => v.Anomalies),
        ("actions", v => v.Actions),
        ("caveats", v => v.Caveats),
        ("generated_at", v => v.GeneratedAt),
        ("elapsed", v => v.Elapsed),
    ];

    /// <summary>The placeholder names the report provides, as the report fills them.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = [.. _placeholders.Select(p => p.Name)];

    public IReadOnlyDictionary<string, string> ToDictionary() =>
        _placeholders.ToDictionary(p => p.Name, p => p.Value(this), StringComparer.Ordinal);
}
