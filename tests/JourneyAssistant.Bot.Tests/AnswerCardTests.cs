using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Bot.Tests.Infrastructure;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Bot.Tests;

public sealed class AnswerCardTests
{
    private static Answer DropOff(string? chart = null, string? sql = null, int rows = 3) => new()
    {
        Question = "哪个触点流失的用户最多？",
        Language = "zh",
        Skill = "touchpoint_dropoff",
        Sql = sql ?? "SELECT touchpoint, count(DISTINCT person_id) AS lost_users\nFROM journey_events\nWHERE local_date BETWEEN $period_start AND $period_end\nGROUP BY touchpoint ORDER BY lost_users DESC",
        Parameters = new Dictionary<string, object?> { ["period_start"] = "2026-10-24", ["period_end"] = "2026-11-22" },
        Columns = [new("touchpoint", "触点", "dimension"), new("lost_users", "流失用户", "count"), new("loss_rate", "流失率", "percent")],
        Rows = Enumerable.Range(0, rows).Select(i => new object?[] { i == 0 ? "商品详情页" : $"触点{i}", 1834L - i, 0.42 }).ToList(),
        Text = "流失用户最多的触点是「商品详情页」，近 30 天流失 1,834 人（42%）。",
        Explanation = "时间范围 2026-10-24 至 2026-11-22（Asia/Shanghai）。",
        Recommendations = [new("优化商品详情页的首屏加载速度", "详情页流失率", "电商运营")],
        Chart = chart,
        FollowUps = ["上周各渠道的订单数是多少？", "购物车的流失趋势如何？"],
    };

    private static string Json(AnswerMessage message) =>
        JsonSerializer.Serialize(message.Card!.Content, new JsonSerializerOptions(ProtocolJson.Options) { WriteIndented = true });

    [Fact]
    public void Answer_card_has_headline_facts_chart_recommendations_follow_ups_and_sql_toggle()
    {
        var message = new AnswerCardBuilder().Build(DropOff(), "https://bot.example.com/charts/abc.png");

        Snapshot.Match(Json(message), "json");
    }

    [Fact]
    public void Text_fallback_carries_the_answer_numbers_and_follow_ups()
    {
        var message = new AnswerCardBuilder().Build(DropOff(), null);

        Snapshot.Match(message.Text, "md");
    }

    [Fact]
    public void Card_stays_under_the_teams_limit_with_a_large_chart_and_long_sql()
    {
        var chart = TestPng.Write(Path.Combine(RepoPaths.NewScratchFolder("big-chart"), "big.png"), 400, 300, noisy: true);
        var hugeSql = "SELECT " + string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"c{i}")) + " FROM journey_events";
        var inlined = ChartImages.Inline(chart, int.MaxValue)!;
        Assert.True(inlined.Length > 100 * 1024, "the test image must be big enough to matter");

        var message = new AnswerCardBuilder().Build(DropOff(inlined, hugeSql, rows: 500) with { }, inlined);
        var size = AnswerCardBuilder.Size((AdaptiveCard)message.Card!.Content!);

        Assert.True(size < 100 * 1024, $"card is {size} bytes");
        Assert.Contains("商品详情页", Json(message));
        Assert.Contains("查看 SQL / Show SQL", Json(message));
    }

    [Fact]
    public void Small_charts_are_inlined_as_data_uris_and_large_ones_are_not()
    {
        var folder = RepoPaths.NewScratchFolder("inline");
        var small = TestPng.Write(Path.Combine(folder, "small.png"), 120, 80);
        var large = TestPng.Write(Path.Combine(folder, "large.png"), 400, 300, noisy: true);

        Assert.StartsWith("data:image/png;base64,", new ChartImages().Link(small, baseUrl: null, maxInlineBytes: 48 * 1024));
        Assert.Null(new ChartImages().Link(large, baseUrl: null, maxInlineBytes: 48 * 1024));
        Assert.Matches("^http://127.0.0.1:5080/charts/[0-9a-f]{32}\\.png$", new ChartImages().Link(large, "http://127.0.0.1:5080", 48 * 1024));
    }

    [Fact]
    public void Failed_answers_are_plain_text_with_the_reference()
    {
        var message = new AnswerCardBuilder().Build(Conversations.StandardTurnWording.Instance.Apology("哪个触点流失的用户最多？", "BOT-1234ABCD"), null);

        Assert.Null(message.Card);
        Assert.Contains("BOT-1234ABCD", message.Text);
        Assert.Contains("抱歉", message.Text);
    }
}
