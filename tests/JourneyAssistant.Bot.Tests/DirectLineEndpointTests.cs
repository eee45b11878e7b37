using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JourneyAssistant.Bot.Tests.Infrastructure;

namespace JourneyAssistant.Bot.Tests;

/// <summary>The host with the scripted analyst, for Direct Line, cards over Direct Line, and the audit page.</summary>
public sealed class DirectLineFixture : IAsyncLifetime
{
    public const string AuditKey = "test-audit-key-123";

    public ScriptedAnalyst Analyst { get; } = new();
    public BotHostFactory Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new BotHostFactory(new Dictionary<string, string?> { ["Audit:DevKey"] = AuditKey, ["DirectLine:AllowedOrigins:0"] = "http://localhost:3000" }, Analyst);
        Client = new HttpClient { BaseAddress = Host.BaseAddress };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

public sealed class DirectLineEndpointTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task Direct_line_conversation_echoes_the_user_activity_and_delivers_the_answer_card()
    {
        var client = new DirectLineClient(fixture.Client);
        await client.StartAsync();

        var id = await client.SendAsync("哪个触点流失的用户最多？", clientActivityId: "client-42");
        var (reply, seen) = await client.WaitForReplyAsync(id, TimeSpan.FromSeconds(20));

        var echo = seen.Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal("client-42", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("哪个触点流失的用户最多？", echo.GetProperty("text").GetString());
        Assert.Contains(seen, a => a.GetProperty("type").GetString() == "conversationUpdate" || a.GetProperty("type").GetString() == "message");
        var card = reply.GetProperty("attachments")[0].GetProperty("content");
        Assert.Contains("商品详情页", card.GetRawText());
        var image = card.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Image").GetProperty("url").GetString()!;
        Assert.StartsWith(fixture.Client.BaseAddress!.ToString().TrimEnd('/') + "/charts/", image);

        using var png = await fixture.Client.GetAsync(image);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(fixture.Analyst.ChartPath), await png.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Follow_up_submit_over_direct_line_asks_the_next_question()
    {
        var client = new DirectLineClient(fixture.Client);
        await client.StartAsync();

        var id = await client.SendAsync("", value: new { question = "上周各渠道的订单数是多少？" });
        var (reply, _) = await client.WaitForReplyAsync(id, TimeSpan.FromSeconds(20));

        Assert.Contains("412", reply.GetRawText());
        Assert.Contains(fixture.Analyst.Questions, q => q.ConversationId == client.ConversationId && q.Text == "上周各渠道的订单数是多少？");
    }

    [Fact]
    public async Task A_token_for_one_conversation_cannot_read_another()
    {
        var alice = new DirectLineClient(fixture.Client);
        var bob = new DirectLineClient(fixture.Client);
        await alice.StartAsync();
        await bob.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{alice.ConversationId}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bob.Token);
        using var response = await fixture.Client.SendAsync(request);
        using var anonymous = await fixture.Client.GetAsync($"/v3/directline/conversations/{alice.ConversationId}/activities");
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{alice.ConversationId}/activities");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bob.Token[..^4] + "AAAA");
        using var forgedResponse = await fixture.Client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task Token_refresh_returns_a_new_token_for_the_same_conversation()
    {
        var client = new DirectLineClient(fixture.Client);
        await client.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var response = await fixture.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(client.ConversationId, body.GetProperty("conversationId").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt32() > 60);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
    }

    [Fact]
    public async Task Cors_preflight_allows_the_web_chat_agent_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", "http://localhost:3000");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");

        using var response = await fixture.Client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-ms-bot-agent", allowed);
        Assert.Contains("authorization", allowed);
    }

    [Fact]
    public async Task Malformed_activity_json_on_direct_line_is_400()
    {
        var client = new DirectLineClient(fixture.Client);
        await client.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities")
        {
            Content = new StringContent("{\"type\": ", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Chat_page_serves_the_bundled_web_chat_without_a_cdn()
    {
        var page = await fixture.Client.GetStringAsync("/chat");
        using var bundle = await fixture.Client.GetAsync("/lib/webchat.js");

        Assert.Contains("/lib/webchat.js", page);
        Assert.DoesNotContain("cdn.botframework.com", page);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000);
    }

    [Fact]
    public async Task Unknown_chart_ids_are_404()
    {
        using var response = await fixture.Client.GetAsync("/charts/0123456789abcdef0123456789abcdef.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
