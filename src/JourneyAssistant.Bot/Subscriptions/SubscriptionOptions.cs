using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>Settings of weekly-summary subscriptions and their scheduler, bound from the "Subscriptions" section.</summary>
public sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>JSON file holding subscriptions and the send log; relative to the content root.</summary>
    [Required]
    public string Path { get; set; } = "data/subscriptions.json";

    /// <summary>Schedule when the subscriber names none: Monday 09:00 in the reporting zone.</summary>
    [Required]
    public string DefaultCron { get; set; } = "0 9 * * 1";

    /// <summary>IANA zone of schedules; empty: Store:ReportingTimeZone, else Asia/Shanghai.</summary>
    public string? TimeZone { get; set; }

    /// <summary>How often the scheduler looks for due sends.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait after a failed send before the next attempt; doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A missed send (e.g. the host was down) is still made while this close to its scheduled time.</summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Upper bound on subscriptions per person, so a loop of commands cannot fill the file.</summary>
    [Range(1, 100)]
    public int MaxPerPerson { get; set; } = 5;
}
