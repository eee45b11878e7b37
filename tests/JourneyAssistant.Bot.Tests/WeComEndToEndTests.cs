using System.Globalization;
using JourneyAssistant.Bot.Tests.Infrastructure;
using JourneyAssistant.Bot.WeCom;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// The real bot host (Program: real analyst, skills, store built from sample-data) answering WeCom callbacks, with the
/// access role map applied to the WeCom userid. Only WeCom's servers are faked.
/// </summary>
public sealed class WeComEndToEndTests
{
    [Fact]
    public async Task Restricted_wecom_user_asking_for_all_channels_sees_only_their_region_and_is_told_so()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var scratch = RepoPaths.NewScratchFolder("wecom-e2e");
        await using var host = new BotHostFactory(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(scratch, "journey.duckdb"),
            ["Store:SeedSample"] = "Always",
            ["Skills:AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
            ["Subscriptions:Path"] = Path.Combine(scratch, "subscriptions.json"),
            ["WeCom:CorpId"] = WeComFakeApi.CorpId,
            ["WeCom:Secret"] = WeComFakeApi.Secret,
            ["WeCom:AgentId"] = WeComFakeApi.AgentId.ToString(CultureInfo.InvariantCulture),
            ["WeCom:Token"] = WeComTestHost.Token,
            ["WeCom:EncodingAesKey"] = WeComTestHost.EncodingAesKey,
            ["WeCom:ApiBaseUrl"] = api.BaseUrl,
            ["Access:Default"] = "all",
            ["Access:Roles:east-store-manager:Filters:region:0"] = "华东",
            ["Access:Users:east-mgr:Roles:0"] = "east-store-manager",
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        var crypto = new WeComMessageCrypto(WeComTestHost.Token, WeComTestHost.EncodingAesKey, WeComFakeApi.CorpId);

        await PostAsync(client, crypto, WeComTestHost.TextMessage("east-mgr", "所有渠道的转化率", "e2e-1"));
        await PostAsync(client, crypto, WeComTestHost.TextMessage("hq-analyst", "所有渠道的转化率", "e2e-2"));

        await WaitAsync(() => Answers(api, "east-mgr").Count >= 1 && Answers(api, "hq-analyst").Count >= 1);
        var restricted = Answers(api, "east-mgr")[0];
        var unrestricted = Answers(api, "hq-analyst")[0];
        Assert.Contains("数据范围：已按你的数据权限筛选：region in (华东)", restricted);
        Assert.DoesNotContain("数据范围", unrestricted);
        Assert.DoesNotContain("抱歉", restricted + unrestricted);
        Assert.NotEqual(Headline(restricted), Headline(unrestricted));

        // A follow-up in the same WeCom conversation stays inside the user's scope.
        await PostAsync(client, crypto, WeComTestHost.TextMessage("east-mgr", "那上个月呢？", "e2e-3"));
        await WaitAsync(() => Answers(api, "east-mgr").Count >= 2);
        Assert.Contains("region in (华东)", Answers(api, "east-mgr")[1]);
        Assert.Empty(api.Violations);
    }

    /// <summary>Each complete answer of a user, its markdown chunks joined.</summary>
    private static List<string> Answers(WeComFakeApi api, string user)
    {
        var answers = new List<string>();
        foreach (var chunk in api.Sent.Where(m => m.To == user && m.Type == "markdown").Select(m => m.Content!))
        {
            if (answers.Count == 0 || Complete(answers[^1]))
            {
                answers.Add(chunk);
            }
            else
            {
                answers[^1] += "\n\n" + chunk;
            }
        }

        // The last answer may still be arriving chunk by chunk: count it only once its footer is there.
        return answers.Where(Complete).ToList();
    }

    // Every answer ends with its reference footer; a split answer is complete once that chunk has arrived.
    private static bool Complete(string answer) => answer.Contains("<font color=\"comment\">", StringComparison.Ordinal);

    private static string Headline(string answer) => answer.Split('\n')[0];

    private static async Task PostAsync(HttpClient client, WeComMessageCrypto crypto, string plaintext)
    {
        var encrypt = crypto.Encrypt(plaintext);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = $"<xml><ToUserName><![CDATA[{WeComFakeApi.CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var response = await client.PostAsync($"/api/wecom?msg_signature={crypto.Sign(ts, "42", encrypt)}&timestamp={ts}&nonce=42", new StringContent(body));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for both WeCom answers");
            await Task.Delay(100);
        }
    }
}
