using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>
/// The sample data ends on 2026-11-22. With the clock well past it (a fresh clone run on any later day), relative
/// periods count from the data's end and say so; an explicit as-of date or Analyst:StaleDataPolicy=clock keeps the calendar.
/// </summary>
public sealed class StaleDataTests
{
    private static async Task<ServiceProvider> AnalystOnAsync(DateTimeOffset now, string policy = "data-end")
    {
        var scratch = RepoPaths.NewScratchFolder("stale");
        var clock = new FakeTimeProvider(now);
        return await AnalystFixture.BuildAsync(scratch, settings: new Dictionary<string, string?> { ["Analyst:StaleDataPolicy"] = policy }, time: clock);
    }

    private static Task<Answer> AskAsync(ServiceProvider services, string text, DateOnly? asOf = null, string? conversation = null) =>
        services.GetRequiredService<IAnalyst>().AskAsync(new Question(text, "tester", "test", conversation, asOf));

    public static TheoryData<string> LaterDays => new() { "2026-12-02T04:00:00Z", "2027-03-01T04:00:00Z" };

    [Theory]
    [MemberData(nameof(LaterDays))]
    public async Task Last_week_on_stale_data_is_the_last_complete_week_in_the_data_with_its_drivers(string now)
    {
        await using var services = await AnalystOnAsync(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var answer = await AskAsync(services, "上周支付为什么下降？");

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Equal("kpi_week_over_week", answer.Skill);
        Assert.Equal("2026-11-16..2026-11-22", answer.Parameters["period"]);
        Assert.StartsWith("数据截至 2026-11-22；“上周”按 11-16 至 11-22 计算。", answer.Text);
        Assert.DoesNotContain("—", answer.Text);
        Assert.DoesNotContain("平稳", answer.Text);
        Assert.NotEmpty(answer.Rows);
    }

    [Theory]
    [MemberData(nameof(LaterDays))]
    public async Task Readme_questions_give_non_empty_answers_on_any_later_day(string now)
    {
        await using var services = await AnalystOnAsync(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var funnel = await AskAsync(services, "哪个触点流失的用户最多？");
        var channel = await AskAsync(services, "which channel converts best?");

        Assert.Equal(("funnel_by_touchpoint", "2026-10-24..2026-11-22"), (funnel.Skill, funnel.Parameters["period"]?.ToString()));
        Assert.StartsWith("数据截至 2026-11-22；时间范围按 10-24 至 11-22 计算。流失最多的触点是", funnel.Text);
        Assert.NotEmpty(funnel.Rows);
        Assert.Equal(("conversion_by_channel", "2026-10-24..2026-11-22"), (channel.Skill, channel.Parameters["period"]?.ToString()));
        Assert.StartsWith("Data ends 2026-11-22; the period is taken as Oct 24–Nov 22. ", channel.Text);
        Assert.Contains("converts best", channel.Text);
        Assert.NotEmpty(channel.Rows);
        // The period ends with the data, not today: no "includes today" caveat.
        Assert.DoesNotContain("includes today", channel.Explanation);
    }

    [Fact]
    public async Task Current_period_words_on_stale_data_end_on_the_data_last_day()
    {
        await using var services = await AnalystOnAsync(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));

        var thisWeek = await AskAsync(services, "这周每天的收入");
        var lastSeven = await AskAsync(services, "last 7 days revenue by day");
        var lastMonth = await AskAsync(services, "上个月的收入趋势");

        Assert.Equal("2026-11-16..2026-11-22", thisWeek.Parameters["period"]);
        Assert.StartsWith("数据截至 2026-11-22；“这周”按 11-16 至 11-22 计算。", thisWeek.Text);
        Assert.Equal("2026-11-16..2026-11-22", lastSeven.Parameters["period"]);
        Assert.Equal("2026-10-01..2026-10-31", lastMonth.Parameters["period"]);
    }

    [Fact]
    public async Task An_absolute_period_outside_the_data_says_so_plainly_with_the_data_range()
    {
        await using var services = await AnalystOnAsync(new DateTimeOffset(2027, 3, 1, 4, 0, 0, TimeSpan.Zero));

        var answer = await AskAsync(services, "2027年1月哪天数据异常");

        Assert.Equal("2027-01-01..2027-01-31", answer.Parameters["period"]);
        Assert.DoesNotContain("数据截至", answer.Text); // an absolute date did not move, so there is nothing to explain
        Assert.Contains("没有数据", answer.Text);
        Assert.Contains("2026-11-22", answer.Text);
        Assert.DoesNotContain("平稳", answer.Text);
        Assert.Empty(answer.Rows);
    }

    [Fact]
    public async Task Clock_policy_keeps_calendar_periods_and_reports_the_empty_week_honestly()
    {
        await using var services = await AnalystOnAsync(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero), "clock");

        var answer = await AskAsync(services, "上周支付为什么下降？");

        Assert.Equal("2026-11-23..2026-11-29", answer.Parameters["period"]);
        Assert.DoesNotContain("数据截至", answer.Text);
        Assert.Contains("没有数据", answer.Text);
        Assert.Contains("2026-11-22", answer.Text);
        Assert.DoesNotContain("—", answer.Text);
        Assert.Empty(answer.Rows);
    }

    [Fact]
    public async Task An_explicit_as_of_date_wins_over_the_data_end()
    {
        await using var services = await AnalystOnAsync(new DateTimeOffset(2027, 3, 1, 4, 0, 0, TimeSpan.Zero));

        var answer = await AskAsync(services, "上周支付为什么下降？", new DateOnly(2026, 12, 2));

        Assert.Equal("2026-11-23..2026-11-29", answer.Parameters["period"]);
        Assert.DoesNotContain("数据截至", answer.Text);
        Assert.Contains("没有数据", answer.Text);
    }

    [Fact]
    public async Task Weekly_summary_on_stale_data_is_of_the_last_complete_week_in_the_data()
    {
        await using var services = await AnalystOnAsync(new DateTimeOffset(2027, 3, 1, 4, 0, 0, TimeSpan.Zero));

        var named = await AskAsync(services, "给我上周的周报");
        var unnamed = await AskAsync(services, "can I get the weekly report?");

        Assert.Equal((AnswerKind.Summary, "2026-W47"), (named.Kind, named.Parameters["week"]?.ToString()));
        Assert.Equal((AnswerKind.Summary, "2026-W47"), (unnamed.Kind, unnamed.Parameters["week"]?.ToString()));
    }

    [Fact]
    public async Task Follow_up_on_stale_data_keeps_counting_from_the_data_end()
    {
        await using var services = await AnalystOnAsync(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        var conversation = Guid.NewGuid().ToString("N");

        await AskAsync(services, "上个月哪个触点流失最多", conversation: conversation);
        var second = await AskAsync(services, "那上周呢", conversation: conversation);

        Assert.Equal(("funnel_by_touchpoint", "2026-11-16..2026-11-22"), (second.Skill, second.Parameters["period"]?.ToString()));
        Assert.NotEmpty(second.Rows);
    }
}
