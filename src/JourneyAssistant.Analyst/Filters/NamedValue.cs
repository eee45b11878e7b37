using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Filters;

/// <summary>A value of one of the store's dimensions that a question names: 华南 (region), 抖音 (channel), 双11_搜索 (campaign).</summary>
public sealed record NamedValue(string Dimension, string Value, string Label);

/// <summary>The dimensions a question may narrow, with their names in both languages.</summary>
public static class FilterDimensions
{
    public const string Region = "region";
    public const string Channel = "channel";
    public const string Campaign = "campaign";

    /// <summary>"地区" / "region".</summary>
    public static string Name(string dimension, Language language) => (dimension, language == Language.Zh) switch
    {
        (Region, true) => "地区",
        (Channel, true) => "渠道",
        (Campaign, true) => "活动",
        ("touchpoint", true) => "触点",
        (_, true) => dimension,
        (Campaign, false) => "campaign",
        _ => dimension,
    };
}
