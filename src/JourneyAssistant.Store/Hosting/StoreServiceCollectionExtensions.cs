using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Store.Hosting;

/// <summary>Registers the touchpoint store: options, dictionary, store, ingestion, info, the bootstrapper and the reporting clock.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Adds the store bound to the "Store" section; relative paths resolve against <paramref name="contentRoot"/>.</summary>
    public static IServiceCollection AddJourneyStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, CurrencyOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return JourneyDictionary.Load(string.IsNullOrWhiteSpace(options.DictionaryPath) ? null : ContentRoot.Combine(contentRoot, options.DictionaryPath));
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return new LiveDictionary(sp.GetRequiredService<JourneyDictionary>(), JourneyStore.OverlayPath(options, contentRoot));
        });
        services.TryAddSingleton<IJourneyDictionary>(sp => sp.GetRequiredService<LiveDictionary>());
        services.TryAddSingleton(sp => new JourneyStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value, contentRoot, sp.GetRequiredService<LiveDictionary>()));
        services.TryAddSingleton<IngestionService>();
        services.TryAddSingleton<StoreInfoService>();
        services.TryAddSingleton<Vocabulary.DataQualityNotes>();
        services.TryAddSingleton<StoreBootstrapper>();
        // Resolved when first asked for, so a TimeProvider a host or test registers after this call is the one used.
        services.TryAddSingleton(sp => new ReportingClock(
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<IOptions<StoreOptions>>().Value.ReportingTimeZone));
        return services;
    }
}
