using System.Text.Json.Serialization;

namespace JourneyAssistant.Samples.Retail;

/// <summary>What the retail generator knows for certain about the data it wrote; saved as <c>ground_truth.json</c> beside the files.</summary>
public sealed record RetailTruth
{
    [JsonPropertyName("company")] public string Company { get; init; } = "retail";
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("first_day")] public DateOnly FirstDay { get; init; }
    [JsonPropertyName("last_day")] public DateOnly LastDay { get; init; }

    /// <summary>
    /// The zone the timestamps are written in (all rows end in Z) and the local zone the journeys happen in. The export covers
    /// whole UTC days <see cref="FirstDay"/> … <see cref="LastDay"/>, so reported in Asia/Shanghai its last local day is partial.
    /// </summary>
    [JsonPropertyName("data_time_zone")] public string DataTimeZone { get; init; } = "UTC";
    [JsonPropertyName("local_time_zone")] public string LocalTimeZone { get; init; } = "Asia/Shanghai";
    [JsonPropertyName("currency")] public string Currency { get; init; } = "CNY";

    /// <summary>Distinct events written (duplicates excluded): what an ingest must accept.</summary>
    [JsonPropertyName("events")] public long Events { get; init; }
    [JsonPropertyName("duplicate_rows")] public long DuplicateRows { get; init; }
    [JsonPropertyName("persons")] public long Persons { get; init; }
    [JsonPropertyName("buyers")] public long Buyers { get; init; }
    [JsonPropertyName("orders")] public long Orders { get; init; }

    /// <summary>Sum of the amounts of all purchase events, in the currency's major unit.</summary>
    [JsonPropertyName("revenue")] public decimal Revenue { get; init; }
    [JsonPropertyName("events_by_event")] public IReadOnlyDictionary<string, long> EventsByEvent { get; init; } = new Dictionary<string, long>();
    [JsonPropertyName("events_by_touchpoint")] public IReadOnlyDictionary<string, long> EventsByTouchpoint { get; init; } = new Dictionary<string, long>();

    /// <summary>Per acquisition channel (the channel of a person's first event): people, buyers and their ratio.</summary>
    [JsonPropertyName("conversion_by_channel")] public IReadOnlyList<RetailChannelTruth> ConversionByChannel { get; init; } = [];

    /// <summary>People reaching each online step, in funnel order (广告点击 → 商品详情 → 支付页 → 支付成功).</summary>
    [JsonPropertyName("funnel")] public IReadOnlyList<RetailFunnelStep> Funnel { get; init; } = [];
    [JsonPropertyName("biggest_leak")] public RetailLeak BiggestLeak { get; init; } = new("", "", 0);

    /// <summary>Every name the exports use, with the canonical id a correct mapping gives it ("new" when none fits).</summary>
    [JsonPropertyName("names")] public IReadOnlyList<RetailNameTruth> Names { get; init; } = [];
}

public sealed record RetailChannelTruth(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("people")] long People,
    [property: JsonPropertyName("buyers")] long Buyers,
    [property: JsonPropertyName("conversion")] double Conversion);

public sealed record RetailFunnelStep(
    [property: JsonPropertyName("touchpoint")] string Touchpoint,
    [property: JsonPropertyName("people")] long People);

/// <summary>The funnel step losing the largest share of the people who reached the one before it.</summary>
public sealed record RetailLeak(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("lost_share")] double LostShare);

public sealed record RetailNameTruth(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("canonical")] string Canonical);
