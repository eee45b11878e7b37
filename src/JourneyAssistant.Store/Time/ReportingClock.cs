namespace JourneyAssistant.Store.Time;

/// <summary>"Now" and "today" in the store's reporting zone (Store:ReportingTimeZone) on an injectable clock: the one place a local date is computed.</summary>
public sealed class ReportingClock
{
    private readonly Lazy<TimeZoneInfo> _zone;

    /// <param name="zoneId">IANA zone; looked up on first use, so an unknown id fails where a date is first needed.</param>
    public ReportingClock(TimeProvider time, string zoneId)
    {
        Time = time;
        ZoneId = zoneId;
        _zone = new Lazy<TimeZoneInfo>(() => FindZone(zoneId));
    }

    /// <summary>The instant source (FakeTimeProvider in tests).</summary>
    public TimeProvider Time { get; }

    /// <summary>The reporting zone's id as configured.</summary>
    public string ZoneId { get; }

    /// <summary>The reporting zone.</summary>
    public TimeZoneInfo Zone => _zone.Value;

    /// <summary>The current instant in the reporting zone.</summary>
    public DateTimeOffset Now => ToLocal(Time.GetUtcNow());

    /// <summary>Today's date in the reporting zone: what "as of" means when the caller does not say.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary><paramref name="instant"/> in the reporting zone.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// The zone of <paramref name="zoneId"/> (a subscription's own zone, or the reporting zone); throws
    /// <see cref="TimeZoneNotFoundException"/> or <see cref="InvalidTimeZoneException"/> like the system lookup.
    /// </summary>
    public static TimeZoneInfo FindZone(string zoneId) => TimeZoneInfo.FindSystemTimeZoneById(zoneId);
}
