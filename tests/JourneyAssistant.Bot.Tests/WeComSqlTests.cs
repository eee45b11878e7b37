using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Bot.WeCom;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Bot.Tests;

/// <summary>The SQL behind a WeCom answer reaches the person exactly as it ran, through the fake WeCom API on loopback.</summary>
public sealed class WeComSqlTests
{
    // Everything Markdown mangles: line breaks, indentation, "--", quotes, the asterisks of count(*).
    private const string Sql = "SELECT channel,\n       count(*) FILTER (WHERE converted) / count(*)::DOUBLE AS rate -- 'share' of *people*\nFROM journey_events\nWHERE channel <> 'web' AND note = \"x\"\nGROUP BY channel";

    private static Answer WithSql(string sql) => new()
    {
        Question = "哪个渠道转化率最高？",
        Language = "zh",
        Text = "官网转化率最高（10.5%）。",
        Skill = "conversion_by_channel",
        Sql = sql,
    };

    [Fact]
    public async Task Wecom_answer_is_followed_by_a_text_message_holding_the_exact_sql()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var sender = new WeComSender(WeComApiClientTests.Client(api, TimeProvider.System), WeComApiClientTests.Robot(api, TimeProvider.System), NullLogger<WeComSender>.Instance);

        await sender.SendAsync(new ConversationReference { Channel = ConversationReference.WeCom, User = "u7" }, WithSql(Sql));

        var sql = Assert.Single(api.Sent, m => m.Type == "text");
        Assert.Equal(WeComSqlMessage.Header("zh") + Sql, sql.Content);
        Assert.Empty(api.Violations);
    }

    [Fact]
    public async Task Sql_too_long_for_one_wecom_message_is_not_cut_but_pointed_to_the_audit_page()
    {
        await using var api = await WeComFakeApi.StartAsync();
        var sender = new WeComSender(WeComApiClientTests.Client(api, TimeProvider.System), WeComApiClientTests.Robot(api, TimeProvider.System), NullLogger<WeComSender>.Instance);
        var longSql = "SELECT " + string.Join(", ", Enumerable.Range(0, 600).Select(i => $"c{i}")) + " FROM journey_events";

        await sender.SendAsync(new ConversationReference { Channel = ConversationReference.WeCom, User = "u7" }, WithSql(longSql));

        var note = Assert.Single(api.Sent, m => m.Type == "text");
        Assert.Contains("/audit", note.Content);
        Assert.DoesNotContain("c599", note.Content);
        Assert.Empty(api.Violations);
    }
}
