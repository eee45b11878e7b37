using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>The retry pipeline shared by the app API and the group robot: exponential backoff with jitter on transient errors.</summary>
internal static class WeComResilience
{
    public static ResiliencePipeline Create(WeComOptions options, TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder()
                    .Handle<WeComApiException>(e => e.IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(),
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "WeCom call failed; retry {Attempt} after {Delay}", args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
}
