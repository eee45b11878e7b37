using System.ComponentModel.DataAnnotations;
using JourneyAssistant.Charts;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Reports;

/// <summary>Registers the weekly summary (and the charts it draws).</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IWeeklySummary"/> (and the skill narrator it words recommendations with); needs the skills (catalog, executor) and the store's dictionary registered too.</summary>
    public static IServiceCollection AddJourneyReports(this IServiceCollection services, IConfiguration? configuration = null, string? contentRoot = null)
    {
        var options = services.AddOptions<ReportsOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ReportsOptions.SectionName));
            // One switch for the chat and the summary: what "last week" means on stale data.
            if (configuration["Analyst:StaleDataPolicy"] is { Length: > 0 } policy)
            {
                options.Configure(o => o.StaleDataPolicy = policy);
            }
        }

        // ValidateDataAnnotations does not look into nested options: the weekly skills are checked on their own, so a
        // blank id fails at start-up instead of surfacing as a "missing skill" caveat in every summary.
        options.ValidateDataAnnotations()
            .Validate(o => o.WeeklySkills is { } skills && Validator.TryValidateObject(skills, new ValidationContext(skills), null, validateAllProperties: true),
                "Every Reports:WeeklySkills entry needs a skill id.")
            .ValidateOnStart();
        services.AddJourneyCharts();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SkillNarrator>();
        services.TryAddSingleton<IWeeklySummary>(sp =>
        {
            var reports = sp.GetRequiredService<IOptions<ReportsOptions>>();
            var root = contentRoot ?? ContentRoot.Resolve();
            return new WeeklySummary(
                sp.GetRequiredService<ISkillCatalog>(),
                sp.GetRequiredService<ISkillExecutor>(),
                sp.GetRequiredService<IJourneyCharts>(),
                sp.GetRequiredService<IJourneyDictionary>(),
                reports,
                ContentRoot.Combine(root, reports.Value.PromptsPath),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<IOptions<StoreOptions>>(),
                sp.GetService<DataQualityReader>(),
                sp.GetRequiredService<SkillNarrator>(),
                sp.GetService<ReportingClock>());
        });
        return services;
    }
}
