using System.Net;
using System.Net.Http.Headers;
using JourneyAssistant.Bot.Tests.Infrastructure;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// Issue 21: 10,100 anonymous POST /v3/directline/conversations evicted a live conversation (404 with a valid token).
/// Now one client may open only so many conversations a minute, and a conversation used recently is never evicted.
/// </summary>
public sealed class DirectLineFloodTests
{
    private static async Task<HttpStatusCode> StartAnonymousAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/v3/directline/conversations", null);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PollAsync(HttpClient http, DirectLineClient live)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{live.ConversationId}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", live.Token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_client_opening_conversations_in_a_flood_is_refused_with_429_and_retry_after()
    {
        await using var host = new BotHostFactory(new Dictionary<string, string?> { ["DirectLine:NewConversationsPerMinute"] = "5" }, new ScriptedAnalyst());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            codes.Add(await StartAnonymousAsync(http));
        }

        Assert.Equal(5, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(7, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        using var refused = await http.PostAsync("/chat/token", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After on a 429");
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请稍后", body);
        Assert.Contains("Too many", body);
    }

    [Fact]
    public async Task A_conversation_used_in_the_last_minutes_is_never_evicted_and_a_full_store_refuses_new_ones_instead()
    {
        await using var host = new BotHostFactory(new Dictionary<string, string?>
        {
            ["DirectLine:MaxConversations"] = "10",
            ["DirectLine:NewConversationsPerMinute"] = "1000",
        }, new ScriptedAnalyst());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var live = new DirectLineClient(http);
        await live.StartAsync();
        await live.SendAsync("你好");

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            codes.Add(await StartAnonymousAsync(http));
        }

        Assert.Equal(HttpStatusCode.OK, await PollAsync(http, live));
        Assert.Equal(9, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(31, codes.Count(c => c == HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task When_full_the_least_recently_used_idle_conversation_makes_room()
    {
        await using var host = new BotHostFactory(new Dictionary<string, string?>
        {
            ["DirectLine:MaxConversations"] = "3",
            ["DirectLine:NewConversationsPerMinute"] = "1000",
            ["DirectLine:ActiveWindow"] = "00:00:00", // every conversation counts as idle at once
        }, new ScriptedAnalyst());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var oldest = new DirectLineClient(http);
        await oldest.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, await StartAnonymousAsync(http));
        }

        Assert.Equal(HttpStatusCode.NotFound, await PollAsync(http, oldest));
    }
}
