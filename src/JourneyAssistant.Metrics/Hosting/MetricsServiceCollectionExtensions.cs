using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Metrics.Hosting;

/// <summary>Registers the metric catalog (metrics/*.yaml, hot-reloaded).</summary>
public static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddJourneyMetrics(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetricCatalog>(sp => new FileMetricCatalog(
            ContentRoot.Combine(contentRoot, sp.GetRequiredService<IOptions<MetricsOptions>>().Value.Path),
            sp.GetService<ILogger<FileMetricCatalog>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
