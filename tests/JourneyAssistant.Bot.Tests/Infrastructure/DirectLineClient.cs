using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>A minimal Direct Line 3.0 client (what Web Chat's DirectLineJS does over REST polling).</summary>
public sealed class DirectLineClient(HttpClient http)
{
    private int _watermark;

    public string ConversationId { get; private set; } = "";

    public string Token { get; private set; } = "";

    public async Task StartAsync()
    {
        using var generated = await http.PostAsync("/v3/directline/tokens/generate", null);
        generated.EnsureSuccessStatusCode();
        Token = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var started = await http.SendAsync(request);
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        ConversationId = body.GetProperty("conversationId").GetString()!;
        Token = body.GetProperty("token").GetString()!;
    }

    /// <summary>A client for a conversation already started, with a token issued for it (a reconnect or refresh).</summary>
    public static DirectLineClient Resume(HttpClient http, string conversationId, string token) =>
        new(http) { ConversationId = conversationId, Token = token };

    /// <summary>The user the chat page's token reply says the token is bound to.</summary>
    public string? UserId { get; private set; }

    /// <summary>Starts as the chat page does: a token from /chat/token (with the sign-in's assertion, if any), then the conversation.</summary>
    public async Task<HttpResponseMessage> StartFromChatPageAsync(string? userAssertion = null)
    {
        var tokenResponse = await http.PostAsync("/chat/token", userAssertion is null ? null : JsonContent.Create(new { userAssertion }));
        if (!tokenResponse.IsSuccessStatusCode)
        {
            return tokenResponse;
        }

        var reply = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        Token = reply.GetProperty("token").GetString()!;
        UserId = reply.GetProperty("userId").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var started = await http.SendAsync(request);
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        ConversationId = body.GetProperty("conversationId").GetString()!;
        Token = body.GetProperty("token").GetString()!;
        return tokenResponse;
    }

    public async Task<string> SendAsync(string text, string? clientActivityId = null, object? value = null, object? from = null)
    {
        var activity = new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["from"] = from ?? new { id = "dl_user", name = "tester" },
            ["locale"] = "zh-CN",
            ["channelData"] = new { clientActivityID = clientActivityId ?? Guid.NewGuid().ToString("N") },
        };
        if (text.Length > 0)
        {
            activity["text"] = text;
        }

        if (value is not null)
        {
            activity["value"] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Polls until a bot message replying to <paramref name="activityId"/> arrives; returns every activity seen on the way.</summary>
    public async Task<(JsonElement Reply, List<JsonElement> Seen)> WaitForReplyAsync(string activityId, TimeSpan timeout, TimeSpan? pollInterval = null)
    {
        var seen = new List<JsonElement>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            foreach (var activity in await PollAsync())
            {
                seen.Add(activity);
                if (activity.GetProperty("type").GetString() == "message"
                    && activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() == activityId
                    && activity.GetProperty("from").GetProperty("role").GetString() == "bot")
                {
                    return (activity, seen);
                }
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"No reply to {activityId} within {timeout}.");
    }

    public async Task<List<JsonElement>> PollAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities?watermark={_watermark}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var set = await response.Content.ReadFromJsonAsync<JsonElement>();
        _watermark = int.Parse(set.GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return set.GetProperty("activities").EnumerateArray().Select(a => a.Clone()).ToList();
    }
}
