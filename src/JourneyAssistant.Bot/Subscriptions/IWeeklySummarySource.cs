using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>Produces the weekly summary answer (text + chart) for one subscription's recipient.</summary>
public interface IWeeklySummarySource
{
    /// <summary>The summary for the week that ends before <paramref name="asOf"/>, scoped to the recipient's data access.</summary>
    Task<Answer> ComposeAsync(Subscription subscription, DateOnly asOf, CancellationToken cancellationToken = default);
}

/// <summary>
/// Default source: asks the analyst for the weekly summary as the subscriber, so the summary report, its chart and the
/// subscriber's row filters all come from the same path a question takes.
/// </summary>
public sealed class AnalystWeeklySummarySource(IAnalyst analyst) : IWeeklySummarySource
{
    public Task<Answer> ComposeAsync(Subscription subscription, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var text = subscription.Language == "en" ? "weekly summary" : "本周周报";
        var reference = subscription.Reference;
        return analyst.AskAsync(
            new Question(text, reference.User, reference.Channel, $"subscription:{subscription.Id}", asOf),
            cancellationToken);
    }
}
