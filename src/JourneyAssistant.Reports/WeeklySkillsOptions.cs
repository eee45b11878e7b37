using System.ComponentModel.DataAnnotations;
using JourneyAssistant.Reports.Weekly;

namespace JourneyAssistant.Reports;

/// <summary>Which library skill fills each part of the weekly summary; bound from "Reports:WeeklySkills".</summary>
/// <remarks>
/// One property per part rather than a list: the summary reads each result by what it means (conversions, the funnel,
/// NPS …), so a replacement skill must return the same columns as the one it replaces.
/// </remarks>
public sealed class WeeklySkillsOptions
{
    [Required]
    public string Conversion { get; set; } = WeeklySummary.SkillIds.Conversion;

    [Required]
    public string Funnel { get; set; } = WeeklySummary.SkillIds.Funnel;

    [Required]
    public string Repurchase { get; set; } = WeeklySummary.SkillIds.Repurchase;

    [Required]
    public string Nps { get; set; } = WeeklySummary.SkillIds.Nps;

    [Required]
    public string Tickets { get; set; } = WeeklySummary.SkillIds.Tickets;

    [Required]
    public string Anomalies { get; set; } = WeeklySummary.SkillIds.Anomalies;

    [Required]
    public string Kpis { get; set; } = WeeklySummary.SkillIds.Kpis;

    /// <summary>The order in which the skills contribute recommendations: the funnel leak first.</summary>
    public IReadOnlyList<string> InRecommendationOrder() => [Funnel, Kpis, Conversion, Nps, Tickets, Repurchase, Anomalies];
}
