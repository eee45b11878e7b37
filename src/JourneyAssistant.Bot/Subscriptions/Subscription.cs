using System.Globalization;
using System.Text.Json.Serialization;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>A person's (or group robot's) standing order for the weekly summary, on a cron schedule in a time zone.</summary>
public sealed record Subscription
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("reference")] public required ConversationReference Reference { get; init; }

    /// <summary>Five-field cron (minute hour day month weekday), evaluated in <see cref="TimeZone"/>.</summary>
    [JsonPropertyName("cron")] public required string Cron { get; init; }

    [JsonPropertyName("time_zone")] public required string TimeZone { get; init; }

    /// <summary>"zh" or "en": the language of the summary.</summary>
    [JsonPropertyName("language")] public string Language { get; init; } = "zh";

    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One delivered summary: at most one per subscription and ISO week.</summary>
public sealed record SubscriptionDelivery(
    [property: JsonPropertyName("subscription")] string SubscriptionId,
    [property: JsonPropertyName("week")] string IsoWeek,
    [property: JsonPropertyName("sent_at")] DateTimeOffset SentAt);

/// <summary>ISO week labels in the form the store uses ('2026-W46').</summary>
public static class IsoWeeks
{
    public static string Label(DateTime localTime) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(localTime)}-W{ISOWeek.GetWeekOfYear(localTime):00}");
}
