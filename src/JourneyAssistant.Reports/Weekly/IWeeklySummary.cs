namespace JourneyAssistant.Reports.Weekly;

/// <summary>Builds the weekly summary report from the library skills (every query through the skill executor's guard and audit).</summary>
public interface IWeeklySummary
{
    Task<WeeklySummaryReport> BuildAsync(SummaryRequest request, CancellationToken cancellationToken = default);
}
