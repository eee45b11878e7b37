using System.Net;
using System.Net.Http.Json;
using JourneyAssistant.Bot.Tests.Infrastructure;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// Issue 21 item 6: a web-chat user is who the token says, never who the activity body claims. Without sign-in the
/// user is anonymous; with the hosting page's signed assertion the token is bound to that user.
/// </summary>
public sealed class IdentityBindingTests
{
    public static TheoryData<string, string?> Spoofs() => new()
    {
        { "admin", null },
        { "ADMIN", null },
        { "dl_user", "admin" },
        { "admin", "admin" },
    };

    [Theory]
    [MemberData(nameof(Spoofs))]
    public async Task Without_sign_in_a_claimed_from_id_or_aad_object_id_is_ignored_and_the_user_is_anonymous(string id, string? aadObjectId)
    {
        var analyst = new ScriptedAnalyst();
        await using var host = new BotHostFactory(analyst: analyst);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var client = new DirectLineClient(http);
        await client.StartFromChatPageAsync();

        var sent = await client.SendAsync("上周各渠道的订单数是多少？", from: new { id, aadObjectId, name = "spoofer" });
        await client.WaitForReplyAsync(sent, TimeSpan.FromSeconds(20));

        var asked = Assert.Single(analyst.Questions);
        Assert.Equal("anonymous", asked.User);
    }

    [Fact]
    public async Task Secret_holder_posting_directly_cannot_claim_a_user_in_the_activity()
    {
        var analyst = new ScriptedAnalyst();
        await using var host = new BotHostFactory(new Dictionary<string, string?> { ["DirectLine:Secret"] = "dl-secret-1" }, analyst);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dl-secret-1");
        var client = new DirectLineClient(http);
        await client.StartAsync();

        var sent = await client.SendAsync("上周各渠道的订单数是多少？", from: new { id = "admin", aadObjectId = "admin" });
        await client.WaitForReplyAsync(sent, TimeSpan.FromSeconds(20));

        Assert.Equal("anonymous", Assert.Single(analyst.Questions).User);
    }

    [Fact]
    public async Task A_signed_assertion_binds_the_token_to_its_user_whatever_the_body_claims()
    {
        var analyst = new ScriptedAnalyst();
        await using var host = new BotHostFactory(UserAssertions.Settings(), analyst);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var client = new DirectLineClient(http);
        (await client.StartFromChatPageAsync(UserAssertions.Sign("alice"))).EnsureSuccessStatusCode();

        var sent = await client.SendAsync("上周各渠道的订单数是多少？", from: new { id = "admin", aadObjectId = "admin" });
        await client.WaitForReplyAsync(sent, TimeSpan.FromSeconds(20));

        Assert.Equal("alice", Assert.Single(analyst.Questions).User);
        Assert.Equal("alice", client.UserId); // the page uses it as Web Chat's userID, so its own messages show as its own

        // A refreshed token and a reconnect keep the binding (they used to drop it).
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", client.Token);
        using var refreshed = await http.SendAsync(refresh);
        refreshed.EnsureSuccessStatusCode();
        using var reconnect = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}");
        reconnect.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", client.Token);
        using var reconnected = await http.SendAsync(reconnect);
        reconnected.EnsureSuccessStatusCode();
        var renewed = (await reconnected.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        var again = DirectLineClient.Resume(http, client.ConversationId, renewed);
        var second = await again.SendAsync("那上个月呢？", from: new { id = "admin" });
        await again.WaitForReplyAsync(second, TimeSpan.FromSeconds(20));
        Assert.All(analyst.Questions, q => Assert.Equal("alice", q.User));
    }

    public static TheoryData<string> BadAssertions() => new()
    {
        UserAssertions.Sign("admin", key: "another-key-that-the-host-does-not-trust-0000000"),
        UserAssertions.Sign("admin", issuer: "https://evil.example.test"),
        UserAssertions.Sign("admin", audience: "someone-else"),
        UserAssertions.Sign("admin", lifetime: TimeSpan.FromMinutes(-30)),
        "not-a-jwt",
    };

    [Theory]
    [MemberData(nameof(BadAssertions))]
    public async Task A_forged_foreign_or_expired_assertion_gets_no_token_and_one_clear_line(string assertion)
    {
        await using var host = new BotHostFactory(UserAssertions.Settings(), new ScriptedAnalyst());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await new DirectLineClient(http).StartFromChatPageAsync(assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("登录", body);
        Assert.Contains("sign-in", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task An_assertion_is_refused_when_no_sign_in_key_is_configured()
    {
        await using var host = new BotHostFactory(analyst: new ScriptedAnalyst());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await new DirectLineClient(http).StartFromChatPageAsync(UserAssertions.Sign("admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
