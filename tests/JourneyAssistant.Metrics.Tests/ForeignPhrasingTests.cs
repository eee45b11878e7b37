using System.Globalization;
using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>
/// General weaknesses a blind question set on the retail chain found (tests/eval/skills-retail.yaml, first pass 17/30),
/// each checked here with other wording than the blind question's.
/// </summary>
[Collection(TwoStoresCollection.Name)]
public sealed class ForeignPhrasingTests(TwoStores stores)
{
    [Fact]
    public async Task Our_word_for_a_step_the_store_lacks_means_the_stores_own_step_that_contains_it()
    {
        // "广告" is our `ad` touchpoint, which the retail chain does not have; its own step is 广告点击.
        var answer = await stores.AskAsync("retail", "所有数据里从广告到支付页的漏斗");

        Assert.Equal("funnel_by_touchpoint", answer.Skill);
        Assert.Equal("custom:广告点击", answer.Parameters["from_step"]?.ToString());
        Assert.Equal(stores.RetailTruth.Funnel[0].People.ToString("#,##0", CultureInfo.InvariantCulture),
            Convert.ToInt64(answer.Rows[0][answer.Columns.ToList().FindIndex(c => c.Name == "people")], CultureInfo.InvariantCulture).ToString("#,##0", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Our_step_the_store_has_keeps_our_id()
    {
        var answer = await stores.AskAsync("sample", "所有数据里从广告到支付页的漏斗");

        Assert.Equal("ad", answer.Parameters["from_step"]?.ToString());
    }

    [Theory]
    [InlineData("sample", "买过东西的用户最常走哪几条路径？", true)]
    [InlineData("retail", "top paths of customers who bought", true)]
    [InlineData("retail", "没买过东西的用户最常走哪几条路径？", false)]
    [InlineData("sample", "最常见的用户路径", false)]
    public async Task Paths_of_buyers_are_only_the_buyers_paths(string store, string question, bool convertedOnly)
    {
        var answer = await stores.AskAsync(store, question);

        Assert.Equal("top_paths", answer.Skill);
        Assert.Equal(convertedOnly, bool.Parse(answer.Parameters["converted_only"]?.ToString() ?? "false"));
    }

    [Theory]
    [InlineData("Did orders go up last week compared with the week before?")]
    [InlineData("Were there fewer buyers last week than the previous week?")]
    public async Task A_question_comparing_with_the_week_before_gets_both_weeks(string question)
    {
        var answer = await stores.AskAsync("retail", question);

        Assert.StartsWith("metric:", answer.Skill, StringComparison.Ordinal);
        Assert.Equal("2026-11-09..2026-11-15", answer.Parameters["previous"]?.ToString());
    }

    [Fact]
    public async Task Where_non_buyers_were_last_is_the_exit_question()
    {
        var answer = await stores.AskAsync("sample", "没买东西的人最后都在哪个触点离开的？");

        Assert.Equal("exit_touchpoints", answer.Skill);
    }

    [Fact]
    public async Task A_repurchase_rate_of_zero_over_hundreds_of_buyers_is_said_to_be_a_data_problem_with_data_checks()
    {
        // The retail chain's repeat purchases are its own custom event, not flagged as a conversion: every buyer has one order.
        var answer = await stores.AskAsync("retail", "有多少顾客会再次购买？");

        Assert.Equal("repurchase_rate", answer.Skill);
        Assert.StartsWith("这份数据里所有的复购率都是 0 %", answer.Text, StringComparison.Ordinal);
        Assert.Equal(2, answer.Recommendations.Count);
        Assert.All(answer.Recommendations, r => Assert.Contains("journey d", r.Action, StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Recommendations, r => r.Action.Contains("0.0%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_steps_named_against_the_journey_order_are_turned_round_and_said_so()
    {
        var answer = await stores.AskAsync("sample", "从支付页到商品详情页的漏斗");

        Assert.Equal("funnel_by_touchpoint", answer.Skill);
        var touchpoint = answer.Columns.ToList().FindIndex(c => c.Name == "touchpoint");
        Assert.Equal("商品详情页", answer.Rows[0][touchpoint]);
        Assert.Equal("支付页", answer.Rows[^1][touchpoint]);
        Assert.Contains("注意：按这家店的旅程顺序，商品详情页在支付页之前", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_step_nobody_in_the_store_reaches_is_not_told_as_a_loss()
    {
        // The retail chain has no step under our product_page id (its own is 商品详情).
        var answer = await stores.AskAsync("retail", "funnel from payment back to the product page");

        Assert.Equal("funnel_by_touchpoint", answer.Skill);
        Assert.StartsWith("Nobody in this data reaches Product page", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("biggest drop-off", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.All(answer.Recommendations, r => Assert.Contains("journey d", r.Action, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TikTok 的转化率怎么样？", "这份数据里没有抖音渠道的记录（问题里的“TikTok”），所以没有它的数字——现有的渠道是：")]
    [InlineData("how do users from TikTok convert?", "This data has no rows for the Douyin channel (\"TikTok\" in the question), so there is no figure for it — channels here are ")]
    public async Task Our_name_for_a_channel_the_store_has_no_rows_for_is_said_with_the_channels_it_has(string question, string start)
    {
        // TikTok is our alias of 抖音; the retail chain has no 抖音 rows (its ad channel is its own name).
        var answer = await stores.AskAsync("retail", question);

        Assert.Equal("conversion_by_channel", answer.Skill);
        Assert.StartsWith(start, answer.Text, StringComparison.Ordinal);
        Assert.Contains("Facebook", answer.Text, StringComparison.Ordinal);
        Assert.Contains("journey dictionary list", Assert.Single(answer.Recommendations).Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_pair_named_by_its_page_leads_the_timing_answer_on_the_stores_own_steps()
    {
        // The retail chain's step before payment is its own event (pay_page_view) at our payment page.
        var answer = await stores.AskAsync("retail", "how long from the payment page to a successful payment?");

        Assert.Equal("time_between_steps", answer.Skill);
        Assert.StartsWith("From pay_page_view to Payment success: median ", answer.Text, StringComparison.Ordinal);
        Assert.Contains(" min", answer.Text, StringComparison.Ordinal);
    }
}
