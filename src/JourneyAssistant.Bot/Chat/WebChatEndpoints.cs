using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.DirectLine;

namespace JourneyAssistant.Bot.Chat;

/// <summary>The local chat page (/chat, the official Web Chat bundle) and the chart images its cards show.</summary>
public static class WebChatEndpoints
{
    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/chat"));
        app.MapGet("/chat", (IWebHostEnvironment env) =>
            Results.File(env.WebRootFileProvider.GetFileInfo("chat.html").CreateReadStream(), "text/html; charset=utf-8"));

        // Same-origin token endpoint: the page never needs the Direct Line secret. The token is bound to the user of the
        // hosting page's signed assertion (body {"userAssertion": "<jwt>"}), or anonymous without one.
        app.MapPost("/chat/token", (HttpContext http, DirectLineTokens tokens, UserAssertionVerifier verifier) =>
            DirectLineEndpoints.SignedInTokenAsync(http, tokens, verifier)).DisableAntiforgery().RequireRateLimiting(NewConversationRateLimit.Policy);

        app.MapGet("/charts/{id:regex(^[0-9a-f]{{32}}$)}.png", (string id, ChartImages charts) =>
            charts.Find(id) is { } path ? Results.File(path, "image/png") : Results.NotFound());
        return app;
    }
}
