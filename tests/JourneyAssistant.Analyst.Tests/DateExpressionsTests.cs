using JourneyAssistant.Analyst.Extraction;

namespace JourneyAssistant.Analyst.Tests;

public sealed class DateExpressionsTests
{
    // Monday 2026-11-23 is the as-of date used by the eval; weeks start on Monday.
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    [Theory]
    [InlineData("上周哪个触点流失最多", "2026-11-16..2026-11-22")]
    [InlineData("上上周的转化", "2026-11-09..2026-11-15")]
    [InlineData("本周的订单", "2026-11-23..2026-11-23")]
    [InlineData("这周怎么样", "2026-11-23..2026-11-23")]
    [InlineData("上个月的漏斗", "2026-10-01..2026-10-31")]
    [InlineData("本月收入", "2026-11-01..2026-11-23")]
    [InlineData("最近7天", "2026-11-17..2026-11-23")]
    [InlineData("近30天各渠道转化", "2026-10-25..2026-11-23")]
    [InlineData("过去两周", "2026-11-10..2026-11-23")]
    [InlineData("最近三个月的复购率", "2026-08-24..2026-11-23")]
    [InlineData("昨天的工单", "2026-11-22..2026-11-22")]
    [InlineData("前天的工单", "2026-11-21..2026-11-21")]
    [InlineData("今天", "2026-11-23..2026-11-23")]
    [InlineData("2026年11月9日的订单", "2026-11-09..2026-11-09")]
    [InlineData("11月9日的订单", "2026-11-09..2026-11-09")]
    [InlineData("11月9号", "2026-11-09..2026-11-09")]
    [InlineData("10月的漏斗", "2026-10-01..2026-10-31")]
    [InlineData("十月份的漏斗", "2026-10-01..2026-10-31")]
    [InlineData("2026-11-09", "2026-11-09..2026-11-09")]
    [InlineData("第46周的转化", "2026-11-09..2026-11-15")]
    [InlineData("2026-W46 funnel", "2026-11-09..2026-11-15")]
    [InlineData("三季度收入", "2026-07-01..2026-09-30")]
    [InlineData("从11月1日到11月9日", "2026-11-01..2026-11-09")]
    [InlineData("11月1日到9日", "2026-11-01..2026-11-09")]
    [InlineData("last week", "2026-11-16..2026-11-22")]
    [InlineData("this week", "2026-11-23..2026-11-23")]
    [InlineData("last month", "2026-10-01..2026-10-31")]
    [InlineData("revenue for this month", "2026-11-01..2026-11-23")]
    [InlineData("in the last 30 days", "2026-10-25..2026-11-23")]
    [InlineData("past 2 weeks", "2026-11-10..2026-11-23")]
    [InlineData("有史以来哪个渠道转化最好", "2000-01-01..2026-11-23")]
    [InlineData("所有数据里哪个触点流失最多", "2000-01-01..2026-11-23")]
    [InlineData("全部数据的漏斗", "2000-01-01..2026-11-23")]
    [InlineData("which touchpoint loses the most people over all data", "2000-01-01..2026-11-23")]
    [InlineData("funnel across all the data", "2000-01-01..2026-11-23")]
    [InlineData("conversion by channel since the beginning", "2000-01-01..2026-11-23")]
    [InlineData("past two weeks", "2026-11-10..2026-11-23")]
    [InlineData("yesterday", "2026-11-22..2026-11-22")]
    [InlineData("orders on Nov 9 2026", "2026-11-09..2026-11-09")]
    [InlineData("orders on November 9, 2026", "2026-11-09..2026-11-09")]
    [InlineData("orders on 9 Nov", "2026-11-09..2026-11-09")]
    [InlineData("funnel for November 2026", "2026-11-01..2026-11-23")]
    [InlineData("funnel in October", "2026-10-01..2026-10-31")]
    [InlineData("Q3 revenue", "2026-07-01..2026-09-30")]
    [InlineData("revenue in Q3 2025", "2025-07-01..2025-09-30")]
    [InlineData("week 46", "2026-11-09..2026-11-15")]
    [InlineData("between Nov 1 and Nov 9", "2026-11-01..2026-11-09")]
    [InlineData("from 2026-10-01 to 2026-10-15", "2026-10-01..2026-10-15")]
    [InlineData("12月的数据", "2025-12-01..2025-12-31")]
    public void Resolves_relative_and_absolute_dates(string question, string expected)
    {
        var match = DateExpressions.Find(question, AsOf);
        Assert.NotNull(match);
        Assert.Equal(expected, match.Argument);
    }

    [Theory]
    [InlineData("哪个触点流失的用户最多？")]
    [InlineData("which channel converts best?")]
    [InlineData("前5个渠道")]
    [InlineData("top 5 paths")]
    [InlineData("may I see the funnel")]
    [InlineData("time between product view and purchase")]
    public void Finds_no_date_where_none_is_said(string question) =>
        Assert.Null(DateExpressions.Find(question, AsOf));

    [Fact]
    public void Partial_week_is_flagged()
    {
        var match = DateExpressions.Find("本周", AsOf)!;
        Assert.True(match.IsPartial(AsOf));
        Assert.False(DateExpressions.Find("上周", AsOf)!.IsPartial(AsOf));
    }
}
