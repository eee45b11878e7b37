using JourneyAssistant.Store.Dictionary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JourneyAssistant.Charts;

/// <summary>Registers the chart renderers and the chooser.</summary>
public static class ChartsServiceCollectionExtensions
{
    /// <summary>Adds every <see cref="IChartRenderer"/> in this assembly plus <see cref="IJourneyCharts"/>; safe to call twice.</summary>
    public static IServiceCollection AddJourneyCharts(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IJourneyCharts)))
        {
            return services;
        }

        foreach (var type in RenderedChartKinds.RendererTypes)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IChartRenderer), type));
        }

        // Tell the skill catalog which chart kinds exist, so skill files may name exactly the kinds that are drawn.
        foreach (var registration in RenderedChartKinds.Registrations)
        {
            services.AddSingleton(registration);
        }

        services.TryAddSingleton<IJourneyCharts>(sp =>
            new JourneyCharts(sp.GetServices<IChartRenderer>(), sp.GetService<IJourneyDictionary>(), sp.GetService<ChartCache>() is { MaxEntries: > 0 } cache ? cache : null));

        // "Charts:CacheEntries" bounds the reuse of rendered PNGs; 0 draws every chart (for benchmarks of the uncached path).
        services.TryAddSingleton(sp => new ChartCache(sp.GetService<IConfiguration>()?.GetValue<int?>("Charts:CacheEntries") ?? ChartCache.DefaultEntries));
        return services;
    }
}
