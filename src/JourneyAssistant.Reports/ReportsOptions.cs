using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Reports;

/// <summary>Where the report templates live; bound from the "Reports" section.</summary>
public sealed class ReportsOptions
{
    public const string SectionName = "Reports";

    /// <summary>Folder holding weekly-summary.zh.md / weekly-summary.en.md, relative to the content root.</summary>
    [Required]
    public string PromptsPath { get; set; } = "prompts";

    /// <summary>Below this many people (or responses) a number is flagged as a small sample.</summary>
    [Range(1, 100000)]
    public int SmallSample { get; set; } = 30;

    /// <summary>
    /// "data-end" (default): with no week or as-of date named and the data ending before today, the summary is of the
    /// last complete week in the data; "clock": of the last complete calendar week. Set by <c>Analyst:StaleDataPolicy</c>.
    /// </summary>
    [RegularExpression("^(data-end|clock)$")]
    public string StaleDataPolicy { get; set; } = "data-end";

    /// <summary>The library skills the weekly summary runs (section "Reports:WeeklySkills").</summary>
    public WeeklySkillsOptions WeeklySkills { get; set; } = new();
}
