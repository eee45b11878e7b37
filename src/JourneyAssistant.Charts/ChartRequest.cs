using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts;

/// <summary>What to draw: a skill result, the reader's language, and optionally a title and size other than the defaults.</summary>
public sealed record ChartRequest(
    SkillResult Result,
    Language Language,
    IJourneyDictionary? Dictionary = null,
    string? Title = null,
    int Width = ChartRequest.DefaultWidth,
    int Height = ChartRequest.DefaultHeight)
{
    /// <summary>Chat-friendly default width in pixels.</summary>
    public const int DefaultWidth = 960;

    /// <summary>Chat-friendly default height in pixels.</summary>
    public const int DefaultHeight = 540;

    /// <summary>The chart title: the explicit one, else the skill's title in the request language.</summary>
    public string EffectiveTitle => string.IsNullOrWhiteSpace(Title) ? Result.Title[Language] : Title;
}
