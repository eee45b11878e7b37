using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Protocol;
using Microsoft.AspNetCore.Http.Features;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>Direct Line 3.0 conversation, as returned by /conversations and /tokens.</summary>
public sealed record DirectLineConversationInfo(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("streamUrl")] string? StreamUrl = null,
    // Not in Direct Line's token reply: the user the token is bound to, so the page shows its own messages as its own
    // (the server stamps that id on every user activity whatever the client sends).
    [property: JsonPropertyName("userId")] string? UserId = null);

/// <summary>A page of activities after a watermark.</summary>
public sealed record ActivitySet(
    [property: JsonPropertyName("activities")] IReadOnlyList<Activity> Activities,
    [property: JsonPropertyName("watermark")] string Watermark);

/// <summary>
/// A Direct Line 3.0-compatible endpoint (REST polling; no WebSocket stream) so the official Web Chat talks to this
/// host with no Azure resource: tokens, conversations, post and get activities with watermarks, token refresh.
/// </summary>
public static class DirectLineEndpoints
{
    public const string CorsPolicy = "DirectLine";
    private const int MaxActivityBytes = 256 * 1024;

    /// <summary>Cross-origin access only for DirectLine:AllowedOrigins (none by default: the chat page is same-origin).</summary>
    public static IServiceCollection AddDirectLineCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>((cors, directLine) => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. directLine.Value.AllowedOrigins])
                .WithMethods("GET", "POST", "OPTIONS")
                .WithHeaders("authorization", "content-type", "x-ms-bot-agent", "x-requested-with")));
        return services;
    }

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v3/directline").RequireCors(CorsPolicy).DisableAntiforgery();
        api.MapPost("/tokens/generate", GenerateToken).RequireRateLimiting(NewConversationRateLimit.Policy);
        api.MapPost("/tokens/refresh", RefreshToken);
        api.MapPost("/conversations", StartConversation).RequireRateLimiting(NewConversationRateLimit.Policy);
        api.MapGet("/conversations/{conversationId}", Reconnect);
        api.MapPost("/conversations/{conversationId}/activities", PostActivity);
        api.MapGet("/conversations/{conversationId}/activities", GetActivities);
        return app;
    }

    /// <summary>Issues a token for a new conversation (the chat page's way in). Needs the secret when one is configured.</summary>
    internal static async Task<IResult> GenerateToken(HttpContext http, DirectLineTokens tokens, UserAssertionVerifier verifier)
    {
        if (tokens.SecretRequired && !tokens.IsSecret(Bearer(http)))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A Direct Line secret is required.");
        }

        return await SignedInTokenAsync(http, tokens, verifier);
    }

    /// <summary>
    /// A token bound to the user the body's signed assertion names, or to nobody (anonymous) without one. A bad
    /// assertion is refused rather than downgraded, so a broken sign-in shows up instead of silently losing scope.
    /// </summary>
    internal static async Task<IResult> SignedInTokenAsync(HttpContext http, DirectLineTokens tokens, UserAssertionVerifier verifier)
    {
        string? user = null;
        if (await ChatTokenRequest.AssertionOfAsync(http) is { } assertion)
        {
            user = await verifier.VerifyAsync(assertion);
            if (user is null)
            {
                return UserAssertionVerifier.Refused();
            }
        }

        return Results.Json(NewConversationToken(tokens, user) with { UserId = user ?? UserAssertionVerifier.AnonymousUser }, ProtocolJson.Options);
    }

    internal static DirectLineConversationInfo NewConversationToken(DirectLineTokens tokens, string? userId)
    {
        var conversationId = DirectLineConversations.NewId();
        return new DirectLineConversationInfo(conversationId, tokens.Issue(conversationId, userId), tokens.LifetimeSeconds);
    }

    private static IResult RefreshToken(HttpContext http, DirectLineTokens tokens)
    {
        var grant = tokens.Validate(Bearer(http));
        return grant is null
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Token invalid or expired.")
            : Results.Json(new DirectLineConversationInfo(grant.ConversationId, tokens.Issue(grant.ConversationId, grant.UserId), tokens.LifetimeSeconds), ProtocolJson.Options);
    }

    private static IResult StartConversation(HttpContext http, DirectLineTokens tokens, DirectLineConversations conversations, ActivityTurns turns)
    {
        var bearer = Bearer(http);
        DirectLineGrant? grant;
        if (tokens.IsSecret(bearer) || (!tokens.SecretRequired && string.IsNullOrEmpty(bearer)))
        {
            var conversationId = DirectLineConversations.NewId();
            grant = new DirectLineGrant(conversationId, null, DateTimeOffset.MaxValue);
        }
        else
        {
            grant = tokens.Validate(bearer);
        }

        if (grant is null)
        {
            return Results.Problem(statusCode: string.IsNullOrEmpty(bearer) ? 401 : 403, title: "A valid Direct Line token or secret is required.");
        }

        if (conversations.GetOrStart(grant.ConversationId, BaseUrl(http)) is not (DirectLineConversation conversation, bool created))
        {
            http.Response.Headers.RetryAfter = "60";
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The chat is full: every conversation is in use. Try again in a minute. / 会话已满，请一分钟后再试。");
        }

        if (created)
        {
            // As Azure's Direct Line does: tell the bot who joined, so it can greet.
            var update = conversation.Append(new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                From = new ChannelAccount { Id = grant.UserId ?? "user" },
                Recipient = new ChannelAccount { Id = DirectLineChannel.BotId, Role = "bot" },
                MembersAdded = [new ChannelAccount { Id = grant.UserId ?? "user" }],
                ServiceUrl = DirectLineChannel.ServiceUrl,
            }, conversations.Options.MaxActivitiesPerConversation);
            turns.Accept(update, conversation.BaseUrl);
        }

        var info = new DirectLineConversationInfo(conversation.Id, tokens.Issue(conversation.Id, grant.UserId), tokens.LifetimeSeconds);
        return created ? Results.Json(info, ProtocolJson.Options, statusCode: StatusCodes.Status201Created) : Results.Json(info, ProtocolJson.Options);
    }

    private static IResult Reconnect(string conversationId, HttpContext http, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        if (Authorize(http, tokens, conversationId) is { } refused)
        {
            return refused;
        }

        // The renewed token keeps the user the old one was bound to (a secret holder reconnects as anonymous).
        var user = tokens.Validate(Bearer(http))?.UserId;
        return conversations.Find(conversationId) is null
            ? Results.NotFound()
            : Results.Json(new DirectLineConversationInfo(conversationId, tokens.Issue(conversationId, user), tokens.LifetimeSeconds), ProtocolJson.Options);
    }

    private static async Task<IResult> PostActivity(string conversationId, HttpContext http, DirectLineTokens tokens,
        DirectLineConversations conversations, ActivityTurns turns)
    {
        if (Authorize(http, tokens, conversationId) is { } refused)
        {
            return refused;
        }

        var conversation = conversations.Find(conversationId);
        if (conversation is null)
        {
            return Results.NotFound();
        }

        var (activity, problem) = await ActivityBody.ReadAsync(http, MaxActivityBytes);
        if (activity is null)
        {
            return problem!;
        }

        // The echo keeps everything the client sent (channelData.clientActivityID lets Web Chat match it).
        var stored = conversation.Append(activity with
        {
            ServiceUrl = DirectLineChannel.ServiceUrl,
            Recipient = new ChannelAccount { Id = DirectLineChannel.BotId, Role = "bot" },
            // The user is who the token was issued to, never who the body claims (from.id / aadObjectId are client-chosen).
            From = new ChannelAccount { Id = tokens.Validate(Bearer(http))?.UserId ?? UserAssertionVerifier.AnonymousUser, Name = activity.From?.Name, Role = "user" },
        }, conversations.Options.MaxActivitiesPerConversation);
        turns.Accept(stored, conversation.BaseUrl);
        return Results.Json(new ResourceResponse(stored.Id!), ProtocolJson.Options);
    }

    private static IResult GetActivities(string conversationId, string? watermark, HttpContext http, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        if (Authorize(http, tokens, conversationId) is { } refused)
        {
            return refused;
        }

        var conversation = conversations.Find(conversationId);
        if (conversation is null)
        {
            return Results.NotFound();
        }

        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
        var (activities, next) = conversation.Since(from);
        return Results.Json(new ActivitySet(activities, next.ToString(CultureInfo.InvariantCulture)), ProtocolJson.Options);
    }

    private static IResult? Authorize(HttpContext http, DirectLineTokens tokens, string conversationId)
    {
        var bearer = Bearer(http);
        if (tokens.IsSecret(bearer))
        {
            return null;
        }

        var grant = tokens.Validate(bearer);
        if (grant is null)
        {
            return Results.Problem(statusCode: string.IsNullOrEmpty(bearer) ? 401 : 403, title: "A valid Direct Line token is required.");
        }

        return grant.ConversationId == conversationId ? null : Results.Problem(statusCode: 403, title: "The token is for another conversation.");
    }

    private static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    internal static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
