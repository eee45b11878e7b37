using JourneyAssistant.Analyst;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Ingestion.Inbox;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Hosting;

/// <summary>Registers the analyst (store, skills, charts, reports, routing) that answers the bot's questions.</summary>
public static class AnalystRegistration
{
    public static WebApplicationBuilder AddJourneyAnalystForBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddJourneyAnalyst(builder.Configuration, ContentRoot.Resolve());
        builder.Services.AddHostedService<StoreWarmUp>();
        // After the warm-up, so a file dropped before the first start loads into the built store.
        builder.Services.AddJourneyInbox(ContentRoot.Resolve());
        return builder;
    }
}

/// <summary>
/// Builds the default store from sample-data on a fresh clone before the host takes questions, so the first question
/// is not the one that pays for it. Off with Bot:WarmUpStore=false.
/// </summary>
public sealed class StoreWarmUp(IServiceProvider services, IOptions<Conversations.BotOptions> options, ILogger<StoreWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUpStore || services.GetService<StoreBootstrapper>() is not { } bootstrapper)
        {
            return;
        }

        logger.LogInformation("Making sure the journey store exists (built from sample-data on first run)…");
        try
        {
            await bootstrapper.EnsureBuiltAsync(ct: cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The usual cause is a file that is not a DuckDB store (or not readable): name the setting that points at it.
            var path = services.GetService<JourneyAssistant.Store.JourneyStore>()?.DatabasePath ?? "?";
            throw new StartupProblem(
                $"{JourneyAssistant.Store.StoreOptions.SectionName}:Path",
                $"The journey store {path} cannot be opened: {failure.Message.Split('\n')[0].Trim()}",
                $"Point Store:Path at a readable store (load a new one with journey ingest FILE --db PATH), or at the default {StartupFailure.EnvironmentName("Store:Path")}=data/journey.duckdb, which is built from sample-data when missing. / 无法打开数据库文件 {path}：请用 {StartupFailure.EnvironmentName("Store:Path")} 指向可读的数据库（新库先用 journey ingest 文件 --db 路径 导入），或使用默认的 data/journey.duckdb（缺失时用 sample-data 重建）。",
                failure);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
