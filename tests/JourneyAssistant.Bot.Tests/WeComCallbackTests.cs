using System.Net;
using JourneyAssistant.Bot.Audit;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Bot.Tests;

/// <summary>/api/wecom over real HTTP on loopback: verification, answering through active send, de-duplication and bad input.</summary>
public sealed class WeComCallbackTests
{
    [Fact]
    public async Task Url_verification_with_the_official_vector_returns_the_decrypted_echostr()
    {
        await using var host = await WeComTestHost.StartAsync(DateTimeOffset.FromUnixTimeSeconds(1409659589 + 30), CorpIdOf("wx5823bf96d3bd56c7"));
        const string echostr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

        var response = await host.Client.GetAsync($"/api/wecom?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr={Uri.EscapeDataString(echostr)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1616140317555161061", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Official_message_vector_is_accepted_and_answered_to_its_sender()
    {
        await using var host = await WeComTestHost.StartAsync(DateTimeOffset.FromUnixTimeSeconds(1409659813 + 5), CorpIdOf("wx5823bf96d3bd56c7"));
        const string body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";

        var response = await host.PostRawAsync(body, "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await WeComTestHost.WaitUntilAsync(() => host.Analyst.Questions.Count == 1, "the question");
        var question = Assert.Single(host.Analyst.Questions);
        Assert.Equal(("hello", "mycreate", "wecom", "wecom:mycreate"), (question.Text, question.User, question.Channel, question.ConversationId));
    }

    [Fact]
    public async Task Text_message_is_answered_through_active_send_as_markdown_with_its_chart()
    {
        await using var host = await WeComTestHost.StartAsync();
        host.Analyst.ChartPath = WeComTestPng.Write(host.DataFolder);

        var response = await host.PostAsync(WeComTestHost.TextMessage("zhangsan", "上周各渠道的转化率是多少？", "7001"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 2, "markdown and image");
        var sent = host.Api.Sent.ToArray();
        Assert.Equal(("zhangsan", "markdown"), (sent[0].To, sent[0].Type));
        Assert.Contains("**回答: 上周各渠道的转化率是多少？ (zhangsan)**", sent[0].Content);
        Assert.Equal(("zhangsan", "image"), (sent[1].To, sent[1].Type));
        Assert.Equal(await File.ReadAllBytesAsync(host.Analyst.ChartPath), sent[1].Image);
        var question = Assert.Single(host.Analyst.Questions);
        Assert.Equal(("zhangsan", "wecom", "wecom:zhangsan"), (question.User, question.Channel, question.ConversationId));
        Assert.Empty(host.Api.Violations);
    }

    [Fact]
    public async Task Same_msgid_delivered_three_times_is_answered_once()
    {
        await using var host = await WeComTestHost.StartAsync();
        var message = WeComTestHost.TextMessage("lisi", "本月哪个环节流失最多？", "4561255354251345929");

        // WeCom retries a callback it did not see acknowledged within 5 s: three deliveries, fresh nonce/ciphertext each time.
        var statuses = new List<HttpStatusCode>();
        foreach (var nonce in new[] { "111", "222", "333" })
        {
            statuses.Add((await host.PostAsync(message, nonce: nonce)).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(1, AcceptedTurns(host));
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the answer");
        Assert.Equal(1, host.Analyst.Questions.Count(q => q.Text == "本月哪个环节流失最多？"));
        Assert.Equal(1, host.Api.Sent.Count(m => m.Content?.Contains("本月哪个环节流失最多") == true));
    }

    [Fact]
    public async Task Bad_signature_is_403_and_nothing_runs()
    {
        await using var host = await WeComTestHost.StartAsync();

        var response = await host.PostAsync(WeComTestHost.TextMessage("u1", "hi", "1"), signature: new string('0', 40));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingRan(host);
    }

    [Fact]
    public async Task Tampered_ciphertext_with_a_matching_signature_is_403_and_nothing_runs()
    {
        await using var host = await WeComTestHost.StartAsync();

        // An attacker who knows the token (but not the AES key) can sign; flipping ciphertext bits must still be caught.
        var response = await host.PostAsync(WeComTestHost.TextMessage("u1", "hi", "1"), tamper: e =>
        {
            var bytes = Convert.FromBase64String(e);
            bytes[^20] ^= 0xFF;
            return Convert.ToBase64String(bytes);
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingRan(host);
    }

    [Fact]
    public async Task Message_for_another_corp_is_403_and_nothing_runs()
    {
        await using var host = await WeComTestHost.StartAsync();
        var foreign = new JourneyAssistant.Bot.WeCom.WeComMessageCrypto(WeComTestHost.Token, WeComTestHost.EncodingAesKey, "ww-another-corp");
        var encrypt = foreign.Encrypt(WeComTestHost.TextMessage("u1", "hi", "1"));
        var ts = host.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await host.PostRawAsync($"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", foreign.Sign(ts, "9", encrypt), ts, "9");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingRan(host);
    }

    [Fact]
    public async Task Replayed_timestamp_outside_the_window_is_403_and_nothing_runs()
    {
        await using var host = await WeComTestHost.StartAsync(settings: new() { ["WeCom:ReplayWindow"] = "00:02:00" });
        var old = host.Time.GetUtcNow().AddMinutes(-3).ToUnixTimeSeconds();

        var replayed = await host.PostAsync(WeComTestHost.TextMessage("u1", "hi", "1"), timestamp: old);
        var future = await host.PostAsync(WeComTestHost.TextMessage("u1", "hi", "2"), timestamp: old + 3600);
        var fresh = await host.PostAsync(WeComTestHost.TextMessage("u1", "hi", "3"), timestamp: old + 120);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK), (replayed.StatusCode, future.StatusCode, fresh.StatusCode));
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the in-window answer");
        Assert.Single(host.Analyst.Questions);
    }

    [Theory]
    [InlineData("<xml><Encrypt>unterminated")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&e;</Encrypt></xml>")]
    [InlineData("<xml><ToUserName>x</ToUserName></xml>")]
    [InlineData("")]
    public async Task Malformed_envelope_is_400_and_nothing_runs(string body)
    {
        await using var host = await WeComTestHost.StartAsync();
        var ts = host.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await host.PostRawAsync(body, "0", ts, "1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNothingRan(host);
    }

    [Fact]
    public async Task Validly_encrypted_but_malformed_message_is_400_and_nothing_runs()
    {
        await using var host = await WeComTestHost.StartAsync();

        var notXml = await host.PostAsync("this is not xml <", nonce: "1");
        var noSender = await host.PostAsync("<xml><MsgType>text</MsgType><Content>hi</Content></xml>", nonce: "2");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (notXml.StatusCode, noSender.StatusCode));
        AssertNothingRan(host);
    }

    [Fact]
    public async Task Huge_body_is_413_and_nothing_runs()
    {
        await using var host = await WeComTestHost.StartAsync(settings: new() { ["WeCom:MaxBodyBytes"] = "4096" });

        var response = await host.PostAsync(WeComTestHost.TextMessage("u1", new string('长', 3000), "1"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertNothingRan(host);
    }

    [Fact]
    public async Task Over_long_question_gets_a_polite_reply_and_is_not_asked()
    {
        await using var host = await WeComTestHost.StartAsync(settings: new() { ["Bot:MaxQuestionBytes"] = "300" });

        await host.PostAsync(WeComTestHost.TextMessage("u1", new string('问', 101), "1"));

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the refusal");
        Assert.Contains("问题太长了", host.Api.Sent.Single().Content);
        Assert.Empty(host.Analyst.Questions);
    }

    [Theory]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://x/y.png</PicUrl><MediaId>m</MediaId><MsgId>11</MsgId></xml>")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><MsgId>12</MsgId></xml>")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime><MsgType>hologram</MsgType><MsgId>13</MsgId></xml>")]
    public async Task Non_text_messages_get_text_only_reply_and_are_not_asked(string plaintext)
    {
        await using var host = await WeComTestHost.StartAsync();

        var response = await host.PostAsync(plaintext);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the text-only reply");
        Assert.Equal(("u1", "目前只支持文字提问 / text only for now"), (host.Api.Sent.Single().To, host.Api.Sent.Single().Content));
        Assert.Empty(host.Analyst.Questions);
    }

    [Fact]
    public async Task Enter_agent_event_gets_a_bilingual_welcome_with_examples()
    {
        await using var host = await WeComTestHost.StartAsync();

        await host.PostAsync("<xml><ToUserName>c</ToUserName><FromUserName>wangwu</FromUserName><CreateTime>1700000000</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey><AgentID>1000002</AgentID></xml>");

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the welcome");
        var welcome = host.Api.Sent.Single();
        Assert.Equal("wangwu", welcome.To);
        Assert.Contains("上周各渠道的转化率", welcome.Content);
        Assert.Contains("subscribe to the weekly summary", welcome.Content);
        Assert.Empty(host.Analyst.Questions);
    }

    [Fact]
    public async Task Subscription_command_is_handled_before_the_analyst()
    {
        await using var host = await WeComTestHost.StartAsync();

        await host.PostAsync(WeComTestHost.TextMessage("zhaoliu", "每周一早上9点订阅周报", "81"));

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the confirmation");
        Assert.Contains("已订阅周报：每周一 09:00", host.Api.Sent.Single().Content);
        Assert.Empty(host.Analyst.Questions);
        var stored = Assert.Single(await host.Services.GetRequiredService<SubscriptionStore>().ListAsync());
        Assert.Equal(("wecom", "zhaoliu", "0 9 * * 1"), (stored.Reference.Channel, stored.Reference.User, stored.Cron));
    }

    [Fact]
    public async Task Analyst_failure_is_apologised_for_and_the_host_keeps_serving()
    {
        await using var host = await WeComTestHost.StartAsync();
        host.Analyst.FailuresLeft = 1;

        await host.PostAsync(WeComTestHost.TextMessage("u9", "first", "91"));
        await host.PostAsync(WeComTestHost.TextMessage("u9", "second", "92"));

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 2, "apology and answer");
        Assert.Contains(host.Api.Sent, m => m.Content!.Contains("抱歉"));
        Assert.Contains(host.Api.Sent, m => m.Content!.Contains("Answer: second"));
    }

    [Fact]
    public async Task Question_is_limited_by_utf8_bytes_like_the_other_channels()
    {
        await using var host = await WeComTestHost.StartAsync(settings: new() { ["Bot:MaxQuestionBytes"] = "64" });
        var chinese = new string('问', 22); // 22 characters, 66 bytes
        var english = new string('q', 64); // 64 characters, 64 bytes

        await host.PostAsync(WeComTestHost.TextMessage("u1", chinese, "1"));
        await host.PostAsync(WeComTestHost.TextMessage("u1", english, "2"));

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 2, "the refusal and the answer");
        Assert.Contains(host.Api.Sent, m => m.Content!.Contains("问题太长了"));
        Assert.Equal(english, Assert.Single(host.Analyst.Questions).Text);
        var refused = Assert.Single(await AuditAsync(host, "too_long"));
        Assert.Equal(("u1", "wecom", chinese), (refused.User, refused.Channel, refused.Question));
    }

    [Fact]
    public async Task Answered_and_failed_questions_are_written_to_the_question_log()
    {
        await using var host = await WeComTestHost.StartAsync();
        host.Analyst.FailuresLeft = 1;

        await host.PostAsync(WeComTestHost.TextMessage("u7", "first", "71"));
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the apology");
        await host.PostAsync(WeComTestHost.TextMessage("u7", "second", "72"));
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 2, "the answer");

        await WaitForRecordsAsync(host, 2);
        var failed = Assert.Single(await AuditAsync(host, "failed"));
        Assert.Equal(("u7", "wecom", "first"), (failed.User, failed.Channel, failed.Question));
        Assert.Matches("^BOT-[0-9A-F]{8}$", failed.Reference);
        Assert.DoesNotContain(failed.Reference!, host.Api.Sent.First().Content);
        var answered = Assert.Single(await AuditAsync(host, "answered"));
        Assert.Equal(("u7", "wecom", "second"), (answered.User, answered.Channel, answered.Question));
    }

    [Fact]
    public async Task Answer_over_the_timeout_is_apologised_for_and_logged_as_failed()
    {
        await using var host = await WeComTestHost.StartAsync(settings: new() { ["Bot:AnswerTimeout"] = "00:00:00.200" });
        host.Analyst.Delay = TimeSpan.FromMinutes(5);

        await host.PostAsync(WeComTestHost.TextMessage("u8", "slow", "81"));

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the apology");
        Assert.Contains("抱歉", host.Api.Sent.Single().Content);
        await WaitForRecordsAsync(host, 1);
        Assert.Equal(("u8", "slow"), (Assert.Single(await AuditAsync(host, "failed")).User, host.Analyst.Questions.Single().Text));
    }

    // A record is written after the reply is sent: wait for it rather than assume it.
    private static async Task WaitForRecordsAsync(WeComTestHost host, int count)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); (await AuditAsync(host)).Count < count; await Task.Delay(20))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {count} question-log record(s)");
        }
    }

    private static Task<IReadOnlyList<QuestionRecord>> AuditAsync(WeComTestHost host, string? outcome = null) =>
        host.Services.GetRequiredService<QuestionLog>().QueryAsync(new AuditFilter(Outcome: outcome), CancellationToken.None);

    // The callback hands a message to the pipeline before it answers WeCom: once the response is in, this count is final for
    // it, so a refused callback that did get through shows here however slowly it would have been answered.
    private static long AcceptedTurns(WeComTestHost host) => host.Services.GetRequiredService<TurnPipeline>().Accepted;

    private static Dictionary<string, string?> CorpIdOf(string corpId) => new() { ["WeCom:CorpId"] = corpId };

    private static void AssertNothingRan(WeComTestHost host)
    {
        Assert.Equal(0, AcceptedTurns(host));
        Assert.Empty(host.Analyst.Questions);
        Assert.Empty(host.Api.Sent);
    }
}
