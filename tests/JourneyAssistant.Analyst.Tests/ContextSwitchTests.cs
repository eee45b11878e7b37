using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>A question that names its own topic is routed on its own, whatever the previous turn was about.</summary>
[Collection(AnalystCollection.Name)]
public sealed class ContextSwitchTests(AnalystFixture fixture)
{
    [Fact]
    public async Task A_self_contained_question_after_a_revenue_question_is_not_a_revenue_follow_up()
    {
        var conversation = Guid.NewGuid().ToString("N");
        await fixture.AskAsync("上周收入环比涨了还是跌了", conversation);

        var second = await fixture.AskAsync("what should we do about the after-sales hotline?", conversation);

        Assert.Equal(("complaint_keywords", "offline"), (second.Skill, second.RoutedBy));
        Assert.Equal("after_sales", second.Parameters["touchpoint"]);
        Assert.DoesNotContain("Revenue", second.Text);
    }

    [Fact]
    public async Task Show_me_the_repurchase_rate_goes_to_repurchase_not_the_kpi_table()
    {
        var conversation = Guid.NewGuid().ToString("N");
        await fixture.AskAsync("how is revenue trending?", conversation);

        var second = await fixture.AskAsync("给我看看复购率", conversation);

        Assert.Equal(AnswerKind.Answered, second.Kind);
        Assert.Equal("repurchase_rate", second.Skill);
        Assert.DoesNotContain("—", second.Text);
    }

    [Fact]
    public async Task A_bare_filter_is_still_a_follow_up()
    {
        var conversation = Guid.NewGuid().ToString("N");
        var first = await fixture.AskAsync("上周收入环比涨了还是跌了", conversation);

        var second = await fixture.AskAsync("只看小程序", conversation);

        // The same analysis as the first answer (the revenue metric's week-over-week), narrowed to the channel.
        Assert.Equal((first.Skill, "follow-up"), (second.Skill, second.RoutedBy));
        Assert.Contains("小程序", second.Text);
        Assert.NotEqual(first.Text, second.Text);
    }
}

/// <summary>Suggested follow-ups name only what the asking user's data has.</summary>
public sealed class FollowUpSuggestionTests
{
    [Fact]
    public async Task A_user_who_sees_only_douyin_is_not_offered_the_mini_program()
    {
        var scratch = Testing.RepoPaths.NewScratchFolder("suggest");
        await using var services = await AnalystFixture.BuildAsync(scratch, settings: new Dictionary<string, string?>
        {
            ["Access:Default"] = "all",
            ["Access:Users:douyin-lead:Filters:channel:0"] = "douyin",
        });
        var analyst = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAnalyst>(services);

        var scoped = await analyst.AskAsync(new Question("哪个触点流失的用户最多？", "douyin-lead", "test", null, AnalystFixture.AsOf));
        var everyone = await analyst.AskAsync(new Question("哪个触点流失的用户最多？", "someone", "test", null, AnalystFixture.AsOf));

        Assert.Equal("funnel_by_touchpoint", scoped.Skill);
        Assert.DoesNotContain(scoped.FollowUps, f => f.StartsWith("只看", StringComparison.Ordinal));
        Assert.Contains("只看小程序", everyone.FollowUps);
    }
}
