using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Shared loopback pieces for the /api/messages tests: a channel authority, a connector, the host.</summary>
public sealed class BotFrameworkFixture : IAsyncLifetime
{
    public TestChannelAuthority Authority { get; private set; } = null!;
    public FakeConnector Connector { get; private set; } = null!;
    public ScriptedAnalyst Analyst { get; } = new();
    public BotHostFactory Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Authority = await TestChannelAuthority.StartAsync();
        Connector = await FakeConnector.StartAsync();
        Host = new BotHostFactory(new Dictionary<string, string?>
        {
            ["BotFramework:AppId"] = TestChannelAuthority.AppId,
            ["BotFramework:OpenIdMetadataUrl"] = Authority.MetadataUrl,
            ["BotFramework:RequireHttpsMetadata"] = "false",
        }, Analyst);
        Client = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
        await Authority.DisposeAsync();
    }
}

public sealed class BotFrameworkEndpointTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private string ServiceUrl => fixture.Connector.BaseUrl + "/teams/";

    private static string NewId() => Guid.NewGuid().ToString("N");

    private Dictionary<string, object?> Message(string text, string? conversationId = null, string channel = "msteams", string? id = null) => new()
    {
        ["type"] = "message",
        ["id"] = id ?? NewId(),
        ["timestamp"] = DateTimeOffset.UtcNow,
        ["serviceUrl"] = ServiceUrl,
        ["channelId"] = channel,
        ["from"] = new { id = "29:user-" + NewId()[..6], name = "Li Lei", aadObjectId = "aad-" + NewId()[..6] },
        ["conversation"] = new { id = conversationId ?? "a:conv-" + NewId() },
        ["recipient"] = new { id = "28:" + TestChannelAuthority.AppId, name = "JourneyAssistant" },
        ["text"] = text,
        ["locale"] = "zh-CN",
    };

    private async Task<HttpResponseMessage> PostAsync(object activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await fixture.Client.SendAsync(request);
    }

    // The endpoint hands a turn to the pipeline before it answers the HTTP request: once the response is in, this count is
    // final for it, so a refused request that did get through shows here however slowly it would have been answered.
    private long AcceptedTurns => fixture.Host.Services.GetRequiredService<TurnPipeline>().Accepted;

    private string ValidToken() => fixture.Authority.CreateToken(new TestChannelAuthority.TokenSpec { ServiceUrl = ServiceUrl });

    private IReadOnlyList<ConnectorCall> CallsFor(string conversationId) =>
        fixture.Connector.Calls.Where(c => c.Activity.GetProperty("conversation").GetProperty("id").GetString() == conversationId).ToList();

    private async Task<IReadOnlyList<ConnectorCall>> WaitForRepliesAsync(string conversationId, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var messages = CallsFor(conversationId).Where(c => c.Type == "message").ToList();
            if (messages.Count >= count)
            {
                return messages;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No reply in conversation {conversationId}.");
    }

    [Fact]
    public async Task Valid_channel_token_is_accepted_and_the_answer_card_is_posted_to_the_connector()
    {
        var conversation = "19:abc/def ghi@thread.v2";
        var activity = Message("哪个触点流失的用户最多？", conversation, id: "1700000000000");

        using var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = (await WaitForRepliesAsync(conversation)).Single();
        // Ids are URL-escaped into the reply path, exactly as the Bot Connector REST API expects.
        Assert.Equal("/teams/v3/conversations/19%3Aabc%2Fdef%20ghi%40thread.v2/activities/1700000000000", reply.RawPath);
        Assert.Equal("Bearer " + StaticBotTokenProvider.Token, reply.Authorization);
        Assert.Equal("1700000000000", reply.Activity.GetProperty("replyToId").GetString());
        Assert.Equal("msteams", reply.Activity.GetProperty("channelId").GetString());
        Assert.Equal(activity["from"]!.GetType().GetProperty("id")!.GetValue(activity["from"]), reply.Activity.GetProperty("recipient").GetProperty("id").GetString());
        var card = reply.Activity.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Contains("商品详情页", card.GetProperty("content").GetRawText());
        Assert.StartsWith("data:image/png;base64,", card.GetProperty("content").GetProperty("body").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "Image").GetProperty("url").GetString());

        // A typing indicator went out before the answer.
        var calls = CallsFor(conversation);
        Assert.Equal("typing", calls[0].Type);
    }

    public static TheoryData<string, int> BadTokens => new()
    {
        { "wrong-issuer", 401 },
        { "wrong-audience", 401 },
        { "expired", 401 },
        { "bad-signature", 401 },
        { "missing-endorsement", 403 },
        { "serviceurl-mismatch", 403 },
        { "not-a-jwt", 401 },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Invalid_channel_tokens_are_rejected_and_never_processed(string defect, int status)
    {
        var spec = new TestChannelAuthority.TokenSpec { ServiceUrl = ServiceUrl };
        spec = defect switch
        {
            "wrong-issuer" => spec with { Issuer = "https://sts.windows.net/evil/" },
            "wrong-audience" => spec with { Audience = "someone-elses-bot" },
            "expired" => spec with { NotBefore = DateTime.UtcNow.AddHours(-2), Expires = DateTime.UtcNow.AddMinutes(-6) },
            "bad-signature" => spec with { WrongSigningKey = true },
            "missing-endorsement" => spec with { Kid = "unendorsed-key" },
            "serviceurl-mismatch" => spec with { ServiceUrl = "https://attacker.example.com/" },
            _ => spec,
        };
        var token = defect == "not-a-jwt" ? "not.a.jwt" : fixture.Authority.CreateToken(spec);
        var conversation = "conv-" + defect + NewId();
        var accepted = AcceptedTurns;

        using var response = await PostAsync(Message("哪个触点流失的用户最多？", conversation), token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(accepted, AcceptedTurns);
        Assert.Empty(CallsFor(conversation));
        Assert.DoesNotContain(fixture.Analyst.Questions, q => q.ConversationId == conversation);
    }

    [Fact]
    public async Task Token_within_the_five_minute_skew_is_accepted()
    {
        var conversation = "conv-skew-" + NewId();
        var token = fixture.Authority.CreateToken(new TestChannelAuthority.TokenSpec
        {
            ServiceUrl = ServiceUrl, NotBefore = DateTime.UtcNow.AddHours(-1), Expires = DateTime.UtcNow.AddMinutes(-3),
        });

        using var response = await PostAsync(Message("上周各渠道订单？", conversation), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await WaitForRepliesAsync(conversation));
    }

    [Fact]
    public async Task Missing_authorization_is_401_even_for_garbage_bodies()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{ not json", Encoding.UTF8, "application/json") };

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_with_valid_auth_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{\"type\":\"message\",", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ValidToken());

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_activity_types_are_acknowledged_and_ignored()
    {
        var conversation = "conv-unknown-" + NewId();
        var activity = Message("", conversation);
        activity["type"] = "messageReaction";
        var accepted = AcceptedTurns;

        using var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(accepted, AcceptedTurns);
        Assert.Empty(CallsFor(conversation));
    }

    [Fact]
    public async Task The_same_activity_delivered_twice_is_answered_once()
    {
        var conversation = "conv-dup-" + NewId();
        var activity = Message("上周各渠道的订单数是多少？", conversation);
        var accepted = AcceptedTurns;

        using var first = await PostAsync(activity, ValidToken());
        using var second = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(accepted + 1, AcceptedTurns);
        await WaitForRepliesAsync(conversation);
        Assert.Single(CallsFor(conversation), c => c.Type == "message");
        Assert.Single(fixture.Analyst.Questions, q => q.ConversationId == conversation);
    }

    [Fact]
    public async Task Oversized_message_gets_a_polite_reply_and_nothing_runs()
    {
        var conversation = "conv-big-" + NewId();

        using var response = await PostAsync(Message(new string('问', 2000), conversation), ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = (await WaitForRepliesAsync(conversation)).Single();
        Assert.Contains("太长", reply.Activity.GetProperty("text").GetString());
        Assert.DoesNotContain(fixture.Analyst.Questions, q => q.ConversationId == conversation);
    }

    [Fact]
    public async Task A_failing_skill_yields_an_apology_with_a_reference_and_no_stack_trace()
    {
        var conversation = "conv-fail-" + NewId();

        using var response = await PostAsync(Message(ScriptedAnalyst.FailingQuestion, conversation), ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await WaitForRepliesAsync(conversation)).Single().Activity.GetRawText();
        Assert.Matches("BOT-[0-9A-F]{8}", text);
        Assert.Contains("抱歉", text);
        Assert.DoesNotContain("DuckDB exploded", text);
        Assert.DoesNotContain("SkillExecutor", text);
    }

    [Fact]
    public async Task Conversation_update_with_a_new_member_gets_a_welcome()
    {
        var conversation = "conv-welcome-" + NewId();
        var activity = Message("", conversation);
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new[] { new { id = "29:newcomer" } };

        using var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = (await WaitForRepliesAsync(conversation)).Single().Activity.GetRawText();
        Assert.Contains("哪个触点流失的用户最多？", welcome);
    }

    [Fact]
    public async Task Card_submit_data_is_routed_as_the_next_question()
    {
        var conversation = "conv-submit-" + NewId();
        var activity = Message("", conversation);
        activity.Remove("text");
        activity["value"] = new { question = "购物车的流失趋势如何？" };

        using var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForRepliesAsync(conversation);
        Assert.Contains(fixture.Analyst.Questions, q => q.ConversationId == conversation && q.Text == "购物车的流失趋势如何？");
    }

    [Fact]
    public async Task Adaptive_card_invoke_gets_an_invoke_response_and_an_answer()
    {
        var conversation = "conv-invoke-" + NewId();
        var activity = Message("", conversation);
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new { action = new { type = "Action.Execute", data = new { question = "哪个触点流失的用户最多？" } } };

        using var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        await WaitForRepliesAsync(conversation);
        Assert.Contains(fixture.Analyst.Questions, q => q.ConversationId == conversation && q.Text == "哪个触点流失的用户最多？");
    }

    [Fact]
    public async Task Signing_keys_are_fetched_once_and_cached_across_requests()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(Message("上周各渠道订单？", "conv-cache-" + NewId()), ValidToken());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, fixture.Authority.MetadataRequests);
    }
}
