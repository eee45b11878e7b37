using Cronos;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// Sends each subscription's weekly summary when its cron comes due (in its zone, on the injected <see cref="TimeProvider"/>).
/// A failed send is retried with backoff; the persisted send log (subscription + ISO week) makes a week's summary go out once,
/// across restarts.
/// </summary>
public sealed class WeeklySummaryScheduler(
    SubscriptionStore store,
    IWeeklySummarySource source,
    IEnumerable<IProactiveSender> senders,
    IOptions<SubscriptionOptions> options,
    TimeProvider time,
    ILogger<WeeklySummaryScheduler> logger) : BackgroundService
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset NotBefore)> _retries = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // One bad pass (e.g. an unreadable file) must not stop future weeks.
                logger.LogError(ex, "Weekly summary pass failed");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every summary that is due now and not yet sent for its week; returns how many went out.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var sent = 0;
            var now = time.GetUtcNow();
            foreach (var subscription in await store.ListAsync(cancellationToken))
            {
                if (Due(subscription, now) is not { } due)
                {
                    continue;
                }

                var (week, asOf) = due;
                var attemptKey = $"{subscription.Id}/{week}";
                if (_retries.TryGetValue(attemptKey, out var retry) && retry.NotBefore > now)
                {
                    continue;
                }

                if (await store.WasSentAsync(subscription.Id, week, cancellationToken))
                {
                    continue;
                }

                try
                {
                    await SendAsync(subscription, asOf, cancellationToken);
                    await store.RecordSentAsync(new SubscriptionDelivery(subscription.Id, week, time.GetUtcNow()), cancellationToken);
                    _retries.Remove(attemptKey);
                    sent++;
                    logger.LogInformation("Weekly summary {Week} sent for subscription {Id} ({Channel})", week, subscription.Id, subscription.Reference.Channel);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var failures = retry.Failures + 1;
                    var delay = TimeSpan.FromTicks(Math.Min(
                        options.Value.MaxRetryDelay.Ticks,
                        options.Value.RetryDelay.Ticks * (1L << Math.Min(failures - 1, 20))));
                    _retries[attemptKey] = (failures, now + delay);
                    logger.LogWarning(ex, "Weekly summary {Week} for subscription {Id} failed (attempt {Attempt}); retrying after {Delay}",
                        week, subscription.Id, failures, delay);
                }
            }

            return sent;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (string Week, DateOnly AsOf)? Due(Subscription subscription, DateTimeOffset now)
    {
        TimeZoneInfo zone;
        CronExpression cron;
        try
        {
            zone = ReportingClock.FindZone(subscription.TimeZone);
            cron = CronExpression.Parse(subscription.Cron);
        }
        catch (Exception ex) when (ex is CronFormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            logger.LogError(ex, "Subscription {Id} has an invalid schedule {Cron} {Zone}; skipped", subscription.Id, subscription.Cron, subscription.TimeZone);
            return null;
        }

        var from = now - options.Value.CatchUpWindow;
        if (from < subscription.CreatedAt)
        {
            from = subscription.CreatedAt;
        }

        if (from > now)
        {
            return null;
        }

        DateTimeOffset? latest = null;
        foreach (var occurrence in cron.GetOccurrences(from, now, zone, fromInclusive: true, toInclusive: true))
        {
            latest = occurrence;
        }

        if (latest is not { } at)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        return (IsoWeeks.Label(local.DateTime), DateOnly.FromDateTime(local.DateTime));
    }

    private async Task SendAsync(Subscription subscription, DateOnly asOf, CancellationToken cancellationToken)
    {
        var sender = senders.FirstOrDefault(s => s.CanSend(subscription.Reference))
            ?? throw new InvalidOperationException($"No sender is registered for channel '{subscription.Reference.Channel}'.");
        var answer = await source.ComposeAsync(subscription, asOf, cancellationToken);
        if (answer.Kind is AnswerKind.Failed)
        {
            throw new InvalidOperationException($"The weekly summary failed (reference {answer.Reference}).");
        }

        await sender.SendAsync(subscription.Reference, answer, cancellationToken);
    }
}
