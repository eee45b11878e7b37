using JourneyAssistant.Bot.Tests.Infrastructure;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Issue 21: Direct Line CORS answered "*"; it now allows only the configured origins (default: same-origin only).</summary>
public sealed class DirectLineCorsTests
{
    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient http, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_foreign_origin_gets_no_cors_grant_by_default_and_a_configured_one_gets_exactly_its_origin()
    {
        await using var closed = new BotHostFactory(analyst: new ScriptedAnalyst());
        using var closedHttp = new HttpClient { BaseAddress = closed.BaseAddress };
        await using var open = new BotHostFactory(new Dictionary<string, string?> { ["DirectLine:AllowedOrigins:0"] = "https://portal.example.test" }, new ScriptedAnalyst());
        using var openHttp = new HttpClient { BaseAddress = open.BaseAddress };

        using var refused = await PreflightAsync(closedHttp, "https://evil.example.test");
        using var stranger = await PreflightAsync(openHttp, "https://evil.example.test");
        using var allowed = await PreflightAsync(openHttp, "https://portal.example.test");

        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://portal.example.test", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
