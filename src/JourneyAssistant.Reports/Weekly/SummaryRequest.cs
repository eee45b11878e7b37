using JourneyAssistant.Skills.Access;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>Which week to summarise, in which language, for whom (the data scope every query runs under).</summary>
/// <param name="Week">An ISO week like <c>2026-W47</c>; wins over <paramref name="AsOf"/>.</param>
/// <param name="AsOf">Summarise the last complete week on or before this local date; null = today in the reporting zone.</param>
public sealed record SummaryRequest(
    string? Week = null,
    DateOnly? AsOf = null,
    Language Language = Language.Zh,
    string User = "weekly-summary",
    string Channel = "report",
    DataScope? Scope = null);
