namespace JourneyAssistant.Analyst.Periods;

/// <summary>
/// What the store holds for the asking user: the local date range of its events and the distinct values of the
/// dimension columns a question may name (channel ids, regions, campaigns, touchpoint ids), and where each event happens.
/// </summary>
public sealed record DataProfile(
    DateOnly? First,
    DateOnly? Last,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Campaigns,
    IReadOnlyList<string>? Touchpoints = null,
    IReadOnlyDictionary<string, string>? EventTouchpoints = null)
{
    /// <summary>The touchpoint an event happens at most often in this data (a company's own events included), or null.</summary>
    public string? TouchpointOf(string eventId) => EventTouchpoints?.GetValueOrDefault(eventId);

    /// <summary>A profile that knows nothing (store unreadable): every period and value is taken as asked.</summary>
    public static DataProfile Unknown { get; } = new(null, null, [], [], []);

    /// <summary>True when the store has any dated events.</summary>
    public bool HasData => First is not null && Last is not null;

    /// <summary>True when <paramref name="start"/>..<paramref name="end"/> shares at least one day with the data.</summary>
    public bool Overlaps(DateOnly start, DateOnly end) => HasData && start <= Last && end >= First;
}
