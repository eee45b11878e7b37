using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Skills.Transforms;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Skills.Hosting;

/// <summary>Registers the skill catalog, the SQL guard, the guarded executor, the audit log, access scopes and the narrator.</summary>
public static class SkillsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the skills module, bound to the "Skills" and "Access" sections (paths resolved against
    /// <paramref name="contentRoot"/>). Needs AddJourneyStore, which owns the "Store" section: the executor reads the
    /// store file, zone and currency from it rather than binding that section a second time.
    /// </summary>
    public static IServiceCollection AddJourneySkills(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<SkillsOptions>().Bind(configuration.GetSection(SkillsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISkillTransform, MarkovRemovalTransform>());
        services.TryAddSingleton(sp => new ChartKindRegistry(sp.GetServices<ChartKindRegistration>()));
        services.TryAddSingleton<SqlGuard>();
        services.TryAddSingleton<ParameterBinder>();
        services.TryAddSingleton<SkillNarrator>();
        services.TryAddSingleton<IAccessPolicy, AccessPolicy>();
        services.TryAddSingleton(sp => new SkillValidator(sp.GetRequiredService<SqlGuard>(), sp.GetRequiredService<ChartKindRegistry>(), sp.GetServices<ISkillTransform>()));
        services.TryAddSingleton<IAuditLog>(sp => new DuckDbAuditLog(ContentRoot.Combine(contentRoot, sp.GetRequiredService<IOptions<SkillsOptions>>().Value.AuditPath)));
        services.TryAddSingleton<ISkillCatalog>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SkillsOptions>>().Value;
            return new FileSkillCatalog(ContentRoot.Combine(contentRoot, options.Path), sp.GetRequiredService<SkillValidator>(),
                sp.GetService<ILogger<FileSkillCatalog>>(), watch: true, TimeSpan.FromSeconds(options.RescanSeconds));
        });
        services.TryAddSingleton(sp =>
        {
            var skills = sp.GetRequiredService<IOptions<SkillsOptions>>().Value;
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var storePath = sp.GetRequiredService<JourneyStore>().DatabasePath;
            return new SkillExecutor(
                () => new AnalysisDatabase(storePath, skills),
                sp.GetRequiredService<SqlGuard>(),
                sp.GetRequiredService<ParameterBinder>(),
                sp.GetRequiredService<IAuditLog>(),
                sp.GetServices<ISkillTransform>(),
                skills,
                sp.GetRequiredService<ReportingClock>(),
                sp.GetService<ILogger<SkillExecutor>>())
            {
                Currency = store.Currency.ToCurrency(),
            };
        });
        services.TryAddSingleton<ISkillExecutor>(sp => sp.GetRequiredService<SkillExecutor>());
        services.TryAddSingleton(sp => new SkillLiveValidator(sp.GetRequiredService<SkillExecutor>()));
        services.TryAddSingleton(sp => new DataQualityReader(sp.GetRequiredService<ISkillExecutor>(),
            sp.GetService<JourneyAssistant.Store.Vocabulary.DataQualityNotes>(), sp.GetService<ILogger<DataQualityReader>>()));
        return services;
    }
}
