using JourneyAssistant.Charts;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>One KPI of the week with the previous week's value (NaN when not available) and the channel that drove the change.</summary>
public sealed record SummaryKpi(
    string Id,
    string Label,
    double Current,
    double Previous,
    string CurrentText,
    string PreviousText,
    string ChangeText,
    string? DriverLabel = null,
    string? DriverChange = null)
{
    /// <summary>Relative change (0.12 = +12%); NaN when either side is missing or the previous value is 0.</summary>
    public double Change => double.IsFinite(Current) && double.IsFinite(Previous) && Previous != 0 ? (Current / Previous) - 1 : double.NaN;
}

/// <summary>The weekly summary: Markdown (charts as relative file names), self-contained HTML, the chart images and the key facts.</summary>
public sealed record WeeklySummaryReport(
    string Week,
    DateOnly WeekStart,
    DateOnly WeekEnd,
    Language Language,
    string Headline,
    string Markdown,
    string Html,
    IReadOnlyList<ChartImage> Charts,
    IReadOnlyList<SummaryKpi> Kpis,
    IReadOnlyList<string> Caveats,
    DateTimeOffset GeneratedAt)
{
    /// <summary>File name stem used for the report and its chart files, e.g. <c>weekly-summary-2026-W47-zh</c>.</summary>
    public string FileStem => $"weekly-summary-{Week}-{Language.Code()}";

    /// <summary>The file name a chart is referenced by in <see cref="Markdown"/>.</summary>
    public static string ChartFileName(string stem, ChartImage chart) => $"{stem}-{chart.Kind}.png";
}
