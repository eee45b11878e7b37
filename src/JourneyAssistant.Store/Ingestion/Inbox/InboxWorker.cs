using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Store.Ingestion.Inbox;

/// <summary>Watches the inbox while a service runs: puts interrupted loads back on start, then scans every PollSeconds.</summary>
internal sealed class InboxWorker(IngestInbox inbox, InboxOptions options, TimeProvider time, ILogger<InboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        // Off the host's start-up path, and never fatal: an unreadable inbox must not stop the bot from answering.
        await Task.Yield();
        try
        {
            inbox.Recover();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Inbox: could not put interrupted loads in {Folder} back; they stay in done/ without a report", inbox.Folder);
        }

        logger.LogInformation("Inbox: watching {Folder} (files move to done/ or failed/ with a report)", inbox.Folder);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.PollSeconds), time);
        do
        {
            try
            {
                await inbox.ProcessReadyAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A folder that vanished or a move that failed must not stop the watching; the next scan tries again.
                logger.LogError(e, "Inbox: scan of {Folder} failed", inbox.Folder);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
