using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Store.Ingestion.Inbox;

/// <summary>Registers the watched ingest inbox for a long-running host (the bot); needs <c>AddJourneyStore</c>.</summary>
public static class InboxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IngestInbox"/> and the background worker that watches Store:Inbox:Path.</summary>
    public static IServiceCollection AddJourneyInbox(this IServiceCollection services, string contentRoot)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Inbox);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<InboxOptions>();
            var folder = IngestInbox.FolderFor(options, contentRoot, sp.GetRequiredService<JourneyStore>().DatabasePath);
            return new IngestInbox(sp.GetRequiredService<IngestionService>(), options, folder, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IngestInbox>>());
        });
        services.AddHostedService<InboxWorker>();
        return services;
    }
}
