using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst;

/// <summary>Answers "给我上周的周报" / "weekly summary for last week" with the weekly summary report.</summary>
public interface ISummaryResponder
{
    Task<Answer> SummarizeAsync(Question question, Language language, DateRangeMatch? period, DateOnly asOf, CancellationToken cancellationToken);
}
