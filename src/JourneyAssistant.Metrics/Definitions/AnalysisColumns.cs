namespace JourneyAssistant.Metrics.Definitions;

/// <summary>
/// The analysis views a metric may aggregate over and the columns each exposes (the store's view definitions). A metric
/// or dimension naming anything else is refused when its file is read, before any SQL exists.
/// </summary>
public static class AnalysisColumns
{
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Views = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["journey_events"] = Set("event_key", "person_id", "source", "channel", "channel_kind", "touchpoint", "touchpoint_order", "event", "stage",
            "stage_order", "is_conversion", "occurred_at", "local_time", "local_date", "local_hour", "iso_week", "week_start", "month_start", "amount",
            "region", "campaign"),
        ["orders"] = Set("event_key", "person_id", "source", "event", "channel", "touchpoint", "region", "campaign", "occurred_at", "local_time",
            "local_date", "iso_week", "week_start", "month_start", "amount", "order_seq"),
        ["tickets"] = Set("ticket_id", "person_id", "service_channel", "region", "opened_at", "resolved_at", "open_local_date", "iso_week",
            "week_start", "resolution_hours", "is_resolved", "category"),
        ["survey_responses"] = Set("event_key", "person_id", "touchpoint", "survey_touchpoint", "channel", "region", "occurred_at", "local_date",
            "iso_week", "week_start", "nps", "csat"),
    };

    public static bool Has(string view, string column) => Views.TryGetValue(view, out var columns) && columns.Contains(column);

    private static HashSet<string> Set(params string[] columns) => new(columns, StringComparer.Ordinal);
}
