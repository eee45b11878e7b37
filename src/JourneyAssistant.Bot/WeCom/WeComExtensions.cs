using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>Registration of the WeCom channel: options, callback, turn adapter (on the shared turn pipeline), active send and robot clients.</summary>
public static class WeComExtensions
{
    /// <summary>Callback path configured in the WeCom admin console.</summary>
    public const string CallbackPath = "/api/wecom";

    /// <summary>Adds the WeCom channel. Needs an <see cref="Analyst.Answers.IAnalyst"/> registered elsewhere.</summary>
    public static IHostApplicationBuilder AddWeCom(this IHostApplicationBuilder builder)
    {
        builder.AddTurnPipeline();
        var services = builder.Services;
        services.AddOptions<WeComOptions>()
            .Bind(builder.Configuration.GetSection(WeComOptions.SectionName))
            .PostConfigure(o => o.ApplyEnvironment(Environment.GetEnvironmentVariable))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(WeComApiClient));
        services.AddHttpClient(nameof(WeComRobotClient));
        // Singletons: the access token cache and the robot's per-minute window must outlive a request.
        services.TryAddSingleton(sp => new WeComApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WeComApiClient)),
            sp.GetRequiredService<IOptions<WeComOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WeComApiClient>>()));
        services.TryAddSingleton(sp => new WeComRobotClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WeComRobotClient)),
            sp.GetRequiredService<IOptions<WeComOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WeComRobotClient>>()));
        services.TryAddSingleton<WeComSender>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProactiveSender, WeComSender>(sp => sp.GetRequiredService<WeComSender>()));
        services.TryAddSingleton<WeComTurns>();
        services.TryAddSingleton<WeComCallback>();
        return builder;
    }

    /// <summary>Maps GET (URL verification) and POST (messages) on /api/wecom.</summary>
    public static IEndpointRouteBuilder MapWeCom(this IEndpointRouteBuilder app)
    {
        app.MapGet(CallbackPath, (WeComCallback callback,
                [FromQuery(Name = "msg_signature")] string? msgSignature, string? timestamp, string? nonce, string? echostr) =>
            callback.Verify(msgSignature, timestamp, nonce, echostr));
        app.MapPost(CallbackPath, (WeComCallback callback, HttpRequest request,
                [FromQuery(Name = "msg_signature")] string? msgSignature, string? timestamp, string? nonce) =>
            callback.ReceiveAsync(request, msgSignature, timestamp, nonce));
        return app;
    }
}
