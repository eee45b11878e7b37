using JourneyAssistant.Analyst;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Hosting;

/// <summary>Registers the analyst (store, skills, charts, reports, routing) that answers the bot's questions.</summary>
public static class AnalystRegistration
{
    public static WebApplicationBuilder AddJourneyAnalystForBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddJourneyAnalyst(builder.Configuration, ContentRoot.Resolve());
        builder.Services.AddHostedService<StoreWarmUp>();
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
        await bootstrapper.EnsureBuiltAsync(ct: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
