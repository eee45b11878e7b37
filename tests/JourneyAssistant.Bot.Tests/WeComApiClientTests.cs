using System.Text;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Bot.WeCom;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Active send and group robot against the local fake WeCom API: token caching, splitting, media upload, retries, rate limit.</summary>
public sealed class WeComApiClientTests
{
    [Fact]
    public async Task Access_token_is_cached_and_refreshed_after_expiry_errors()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var client = Client(api, TimeProvider.System);

        await client.SendTextAsync("u1", "one");
        await client.SendTextAsync("u1", "two");
        Assert.Equal(1, api.TokensIssued);

        api.ExpireToken(); // the next call with the cached token gets 42001
        await client.SendTextAsync("u1", "three");

        Assert.Equal(2, api.TokensIssued);
        Assert.Equal(["one", "two", "three"], api.Sent.Select(m => m.Content));
        var getToken = api.Calls.First(c => c.Api == "gettoken");
        Assert.Contains($"corpid={WeComFakeApi.CorpId}", getToken.Query);
        Assert.Contains($"corpsecret={WeComFakeApi.Secret}", getToken.Query);
    }

    [Fact]
    public async Task Cached_token_is_refetched_when_its_lifetime_runs_out()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var client = Client(api, time);

        await client.SendTextAsync("u1", "a");
        time.Advance(TimeSpan.FromMinutes(100));
        await client.SendTextAsync("u1", "b");
        time.Advance(TimeSpan.FromMinutes(20)); // past 7200 s minus the safety margin
        await client.SendTextAsync("u1", "c");

        Assert.Equal(2, api.TokensIssued);
    }

    [Fact]
    public async Task Transient_errors_are_retried_with_backoff_then_succeed()
    {
        await using var api = await WeComFakeApi.StartAsync();
        api.Inject("message/send", (200, -1), (200, 45009), (500, 0));
        var client = Client(api, TimeProvider.System, maxAttempts: 4);

        await client.SendMarkdownAsync("u1", "**ok**");

        Assert.Equal(4, api.Calls.Count(c => c.Api == "message/send"));
        Assert.Equal("**ok**", Assert.Single(api.Sent).Content);
    }

    [Fact]
    public async Task Permanent_errors_are_not_retried()
    {
        await using var api = await WeComFakeApi.StartAsync();
        api.Inject("message/send", (200, 81013));
        var client = Client(api, TimeProvider.System, maxAttempts: 4);

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendTextAsync("u1", "x"));

        Assert.Equal(81013, error.ErrorCode);
        Assert.Equal(1, api.Calls.Count(c => c.Api == "message/send"));
    }

    [Fact]
    public async Task Long_markdown_is_sent_as_several_messages_within_2048_bytes()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var client = Client(api, TimeProvider.System);
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"**第{i}段** " + new string('转', 100)).ToList();

        await client.SendMarkdownAsync("u1", string.Join("\n\n", paragraphs));

        Assert.Empty(api.Violations);
        Assert.True(api.Sent.Count > 1);
        Assert.All(api.Sent, m => Assert.True(Encoding.UTF8.GetByteCount(m.Content!) <= 2048));
        // Split on paragraph boundaries: every paragraph arrives whole, in order.
        Assert.Equal(string.Join("\n\n", paragraphs), string.Join("\n\n", api.Sent.Select(m => m.Content)));
    }

    [Fact]
    public async Task Chart_is_uploaded_as_multipart_media_then_sent_as_an_image_message()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var client = Client(api, TimeProvider.System);
        var png = await File.ReadAllBytesAsync(WeComTestPng.Write(RepoPaths.NewScratchFolder("wecom-chart")));

        await client.SendImageAsync("u1", png, "funnel.png");

        Assert.Empty(api.Violations);
        var upload = Assert.Single(api.Calls, c => c.Api == "media/upload");
        Assert.Contains("type=image", upload.Query);
        Assert.StartsWith("multipart/form-data", upload.ContentType);
        var image = Assert.Single(api.Sent);
        Assert.Equal(("u1", "image"), (image.To, image.Type));
        Assert.Equal(png, image.Image);
    }

    [Fact]
    public async Task Robot_sends_markdown_and_image_as_base64_with_md5()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var robot = Robot(api, TimeProvider.System);
        var png = await File.ReadAllBytesAsync(WeComTestPng.Write(RepoPaths.NewScratchFolder("wecom-robot")));

        await robot.SendMarkdownAsync(api.RobotWebhookUrl, "## 周报\n**转化率** <font color=\"info\">+2%</font>");
        Assert.True(await robot.SendImageAsync(api.RobotWebhookUrl, png));
        Assert.False(await robot.SendImageAsync(api.RobotWebhookUrl, new byte[WeComRobotClient.MaxImageBytes + 1]));

        Assert.Empty(api.Violations);
        Assert.Equal(["markdown", "image"], api.Sent.Select(m => m.Type));
        Assert.Equal(png, api.Sent.Last().Image);
    }

    [Fact]
    public async Task Robot_waits_for_the_next_minute_after_20_messages()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var robot = Robot(api, time);

        for (var i = 0; i < 20; i++)
        {
            await robot.SendMarkdownAsync(api.RobotWebhookUrl, $"m{i}");
        }

        var twentyFirst = robot.SendMarkdownAsync(api.RobotWebhookUrl, "m20");
        await Task.Delay(200);
        Assert.False(twentyFirst.IsCompleted);
        Assert.Equal(20, api.Sent.Count);

        time.Advance(TimeSpan.FromSeconds(60));
        await twentyFirst.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(21, api.Sent.Count);
    }

    [Fact]
    public async Task Sender_routes_robot_references_to_the_webhook_and_users_to_message_send()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var sender = new WeComSender(Client(api, TimeProvider.System), Robot(api, TimeProvider.System), NullLogger<WeComSender>.Instance);
        var answer = new Answer { Question = "q", Language = "en", Text = "Conversion rose to 12%" };

        await sender.SendAsync(new ConversationReference { Channel = ConversationReference.WeCom, User = "u7" }, answer);
        await sender.SendAsync(new ConversationReference { Channel = ConversationReference.WeComRobot, User = "u7", WebhookUrl = api.RobotWebhookUrl }, answer);

        Assert.Equal(["u7", "robot"], api.Sent.Select(m => m.To));
        Assert.All(api.Sent, m => Assert.Equal("**Conversion rose to 12%**", m.Content));
        Assert.False(sender.CanSend(new ConversationReference { Channel = ConversationReference.Teams, User = "aad" }));
    }

    internal static WeComApiClient Client(WeComFakeApi api, TimeProvider time, int maxAttempts = 3) =>
        new(new HttpClient(), Options(api, maxAttempts), time, NullLogger<WeComApiClient>.Instance);

    internal static WeComRobotClient Robot(WeComFakeApi api, TimeProvider time) =>
        new(new HttpClient(), Options(api, 3), time, NullLogger<WeComRobotClient>.Instance);

    private static IOptions<WeComOptions> Options(WeComFakeApi api, int maxAttempts) => Microsoft.Extensions.Options.Options.Create(new WeComOptions
    {
        CorpId = WeComFakeApi.CorpId,
        Secret = WeComFakeApi.Secret,
        AgentId = WeComFakeApi.AgentId,
        ApiBaseUrl = api.BaseUrl,
        MaxAttempts = maxAttempts,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    });
}
