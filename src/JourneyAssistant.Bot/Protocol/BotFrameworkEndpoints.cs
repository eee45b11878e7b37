using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using JourneyAssistant.Bot.Conversations;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>POST /api/messages: the Bot Framework messaging endpoint (Azure Bot Service, Teams, Emulator).</summary>
public static class BotFrameworkEndpoints
{
    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IChannelAuthenticator auth, ActivityTurns turns,
        IOptions<BotFrameworkOptions> options, ILogger<ActivityTurns> logger)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        var remote = http.Connection.RemoteIpAddress;

        // Refuse unauthenticated calls before reading the body: nothing from them is ever parsed or processed.
        if (auth.PreCheck(authorization, remote) is { } refused)
        {
            return Results.Problem(statusCode: refused.StatusCode, title: refused.Reason);
        }

        if (http.Request.ContentLength > options.Value.MaxRequestBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var (activity, problem) = await ActivityBody.ReadAsync(http, options.Value.MaxRequestBytes);
        if (activity is null)
        {
            return problem!;
        }

        var result = await auth.AuthenticateAsync(authorization, activity, remote, http.RequestAborted);
        if (!result.Allowed)
        {
            return Results.Problem(statusCode: result.StatusCode, title: result.Reason);
        }

        var outcome = turns.Accept(activity, options.Value.PublicBaseUrl);
        logger.LogDebug("{Type} activity {Id} on {Channel}: {Outcome}", activity.Type, activity.Id, activity.ChannelId, outcome);

        // Invokes expect an invoke response in the HTTP body; the answer itself follows as a message.
        return activity.Type == ActivityTypes.Invoke
            ? Results.Json(new InvokeResponse(StatusCodes.Status200OK), ProtocolJson.Options)
            : Results.Ok();
    }
}
