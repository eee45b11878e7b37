using System.Collections.Concurrent;
using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>Test double of the analyst (the LLM/skills boundary): answers from a script and records every question.</summary>
public sealed class ScriptedAnalyst : IAnalyst
{
    public const string FailingQuestion = "请让技能失败";

    public ConcurrentQueue<Question> Questions { get; } = new();

    /// <summary>A small real PNG used as the chart.</summary>
    public string ChartPath { get; } = TestPng.Write(Path.Combine(Testing.RepoPaths.NewScratchFolder("bot-chart"), "chart.png"), 320, 200);

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public async Task<Answer> AskAsync(Question question, CancellationToken cancellationToken = default)
    {
        Questions.Enqueue(question);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (question.Text == FailingQuestion)
        {
            throw new InvalidOperationException("DuckDB exploded at SkillExecutor.RunAsync line 42");
        }

        var zh = question.Text.Any(c => c is >= '\u4e00' and <= '\u9fff');
        if (question.Text.Contains("触点") || question.Text.Contains("touchpoint", StringComparison.OrdinalIgnoreCase))
        {
            return DropOff(question.Text, zh);
        }

        return new Answer
        {
            Question = question.Text,
            Language = zh ? "zh" : "en",
            Skill = "channel_conversion",
            SkillVersion = 1,
            Sql = "SELECT channel, count(*) AS orders FROM orders WHERE local_date BETWEEN $period_start AND $period_end GROUP BY channel",
            Parameters = new Dictionary<string, object?> { ["period_start"] = "2026-11-16", ["period_end"] = "2026-11-22" },
            Columns = [new("channel", zh ? "渠道" : "Channel", "dimension"), new("orders", zh ? "订单数" : "Orders", "count")],
            Rows = [["小程序", 412L], ["App", 305L]],
            Text = zh ? $"关于“{question.Text}”：小程序订单最多，共 412 单。" : $"On \"{question.Text}\": the mini program had the most orders, 412.",
            FollowUps = [],
        };
    }

    private Answer DropOff(string text, bool zh) => new()
    {
        Question = text,
        Language = zh ? "zh" : "en",
        Skill = "touchpoint_dropoff",
        SkillVersion = 2,
        Sql = "SELECT touchpoint, count(DISTINCT person_id) AS lost_users FROM journey_events WHERE local_date BETWEEN $period_start AND $period_end GROUP BY touchpoint ORDER BY lost_users DESC",
        Parameters = new Dictionary<string, object?> { ["period_start"] = "2026-10-24", ["period_end"] = "2026-11-22" },
        Columns = [new("touchpoint", zh ? "触点" : "Touchpoint", "dimension"), new("lost_users", zh ? "流失用户" : "Lost users", "count"), new("loss_rate", zh ? "流失率" : "Loss rate", "percent")],
        Rows = [["商品详情页", 1834L, 0.42], ["购物车", 962L, 0.27], ["支付页", 511L, 0.18]],
        Text = zh ? "流失用户最多的触点是「商品详情页」，近 30 天流失 1,834 人（42%）。" : "The touchpoint losing the most users is Product detail page: 1,834 users (42%) in the last 30 days.",
        Explanation = zh ? "时间范围 2026-10-24 至 2026-11-22（Asia/Shanghai）。" : "Period 2026-10-24 to 2026-11-22 (Asia/Shanghai).",
        Recommendations = [new(zh ? "优化商品详情页的首屏加载速度" : "Speed up the product page's first screen", zh ? "详情页流失率" : "product page loss rate", "电商运营")],
        Chart = ChartPath,
        FollowUps = zh ? ["上周各渠道的订单数是多少？", "购物车的流失趋势如何？"] : ["How many orders per channel last week?", "How is cart loss trending?"],
    };
}
