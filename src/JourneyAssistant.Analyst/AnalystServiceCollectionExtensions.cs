using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Composition;
using JourneyAssistant.Analyst.Conversation;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Kernel;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Charts;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Hosting;
using JourneyAssistant.Reports;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Time;
using JourneyAssistant.Store.Vocabulary;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Analyst;

/// <summary>Composes the whole analyst (store, skills, charts, reports, router, model) in one call for the CLI and the bot.</summary>
public static class AnalystServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IAnalyst"/> and everything it needs; paths resolve against <paramref name="contentRoot"/>. Safe to call twice.</summary>
    public static IServiceCollection AddJourneyAnalyst(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddJourneyStore(configuration, contentRoot);
        services.AddJourneySkills(configuration, contentRoot);
        services.AddJourneyCharts();
        services.AddJourneyReports(configuration, contentRoot);
        services.AddJourneyMetrics(configuration, contentRoot);

        services.AddOptions<AnalystOptions>().Bind(configuration.GetSection(AnalystOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SkillRouter>();
        services.TryAddSingleton(sp => new EntityExtractor(sp.GetRequiredService<IJourneyDictionary>()));
        services.TryAddSingleton(sp => new FactExtractor(sp.GetRequiredService<EntityExtractor>()));
        services.TryAddSingleton<AnswerComposer>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AnalystOptions>>().Value;
            return new ConversationStore(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMinutes(options.ConversationMinutes), options.MaxConversations);
        });
        services.TryAddSingleton<ISummaryResponder>(sp => WeeklySummaryResponder.Create(
            sp.GetRequiredService<IWeeklySummary>(), sp.GetService<IAccessPolicy>(), contentRoot,
            sp.GetRequiredService<IOptions<AnalystOptions>>().Value.ChartDirectory));
        services.TryAddSingleton(_ => new PromptTemplates(contentRoot));
        services.TryAddSingleton(sp => new JourneyKernel(sp.GetRequiredService<ISkillCatalog>(), sp.GetRequiredService<IJourneyDictionary>(),
            sp.GetRequiredService<IOptions<AnalystOptions>>(),
            sp.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled ? sp.GetService<IMetricCatalog>() : null));
        var model = configuration.GetSection(AnalystOptions.SectionName).GetSection("Model").Get<ModelOptions>() ?? new ModelOptions();
        if (ChatClients.Create(model) is { } chatClient)
        {
            services.TryAddSingleton(chatClient);
        }

        services.TryAddSingleton<JourneyAnalyst>(sp => new JourneyAnalyst(
            sp.GetRequiredService<ISkillCatalog>(),
            sp.GetRequiredService<ISkillExecutor>(),
            sp.GetRequiredService<SkillRouter>(),
            sp.GetRequiredService<FactExtractor>(),
            sp.GetRequiredService<AnswerComposer>(),
            sp.GetRequiredService<ConversationStore>(),
            sp.GetRequiredService<IOptions<AnalystOptions>>(),
            sp.GetRequiredService<IOptions<StoreOptions>>(),
            contentRoot,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IAccessPolicy>(),
            sp.GetService<IJourneyCharts>(),
            // A registered IChatClient (configured model, or a test's scripted one) turns on model routing.
            sp.GetService<IModelPlanner>() ?? (sp.GetService<IChatClient>() is { } chat
                ? new ModelPlanner(chat, sp.GetRequiredService<JourneyKernel>(), sp.GetRequiredService<IOptions<AnalystOptions>>(),
                    sp.GetRequiredService<IOptions<StoreOptions>>(), sp.GetRequiredService<PromptTemplates>(), sp.GetService<ILogger<ModelPlanner>>())
                : null),
            sp.GetService<ISummaryResponder>(),
            sp.GetService<ILogger<JourneyAnalyst>>(),
            sp.GetService<IJourneyDictionary>(),
            sp.GetService<DataQualityReader>(),
            sp.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled ? sp.GetService<IMetricCatalog>() : null,
            sp.GetService<SkillNarrator>(),
            sp.GetService<ReportingClock>()));
        services.TryAddSingleton<IAnalyst>(sp => sp.GetRequiredService<JourneyAnalyst>());
        return services;
    }
}
