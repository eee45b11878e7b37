using JourneyAssistant.Bot.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JourneyAssistant.Bot.Conversations;

/// <summary>Registration of the <see cref="TurnPipeline"/>; every channel's AddX calls it, so it is idempotent.</summary>
public static class TurnPipelineExtensions
{
    /// <summary>Adds the pipeline, its workers, the duplicate filter and the question log. Needs an <see cref="Analyst.Answers.IAnalyst"/>.</summary>
    public static IHostApplicationBuilder AddTurnPipeline(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TurnPipeline)))
        {
            return builder;
        }

        services.AddOptions<BotOptions>().Bind(builder.Configuration.GetSection(BotOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.TryAddSingleton<DuplicateActivityFilter>();
        services.TryAddSingleton<QuestionLog>();
        services.AddSingleton<TurnPipeline>();
        services.AddHostedService<TurnWorker>();
        return builder;
    }
}
