using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>Every region, channel or campaign a question names filters the answer or is refused in words; none is silently dropped.</summary>
[Collection(AnalystCollection.Name)]
public sealed class DimensionFilterTests(AnalystFixture fixture)
{
    private static double Sum(Answer answer, string column)
    {
        var index = answer.Columns.ToList().FindIndex(c => c.Name == column);
        return answer.Rows.Sum(r => Convert.ToDouble(r[index], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_region_in_the_question_filters_the_revenue_trend()
    {
        var all = await fixture.AskAsync("订单收入趋势");
        var south = await fixture.AskAsync("华南地区的订单收入趋势");

        Assert.Equal(("revenue_trend", "revenue_trend"), (all.Skill, south.Skill));
        Assert.StartsWith("已按地区筛选：华南。", south.Text);
        Assert.InRange(Sum(south, "revenue"), 1, Sum(all, "revenue") * 0.5);
        Assert.Null(south.DataScope); // the user's own access is unchanged; the filter is the question's
    }

    [Fact]
    public async Task A_region_filters_a_funnel_too()
    {
        var all = await fixture.AskAsync("哪个触点流失的用户最多？");
        var south = await fixture.AskAsync("华东的用户在哪个触点流失最多");

        Assert.Equal(("funnel_by_touchpoint", "funnel_by_touchpoint"), (all.Skill, south.Skill));
        Assert.StartsWith("已按地区筛选：华东。", south.Text);
        Assert.True(Sum(south, "people") < Sum(all, "people"));
    }

    [Fact]
    public async Task A_channel_named_for_a_skill_whose_rows_are_channels_keeps_that_channel_only()
    {
        var answer = await fixture.AskAsync("抖音的转化率怎么样？");

        Assert.Equal("conversion_by_channel", answer.Skill);
        Assert.StartsWith("已按渠道筛选：抖音。", answer.Text);
        Assert.Single(answer.Rows);
        Assert.Equal("抖音", answer.Rows[0][0]);
    }

    [Fact]
    public async Task A_channel_the_store_does_not_have_is_named_with_the_channels_it_does_have()
    {
        var zh = await fixture.AskAsync("Facebook 的转化率怎么样？");
        var en = await fixture.AskAsync("how do users from Facebook convert?");

        Assert.Equal(AnswerKind.NotUnderstood, zh.Kind);
        Assert.Null(zh.Skill);
        Assert.StartsWith("这里没有叫“Facebook”的渠道——现有的渠道是：", zh.Text);
        Assert.Contains("抖音", zh.Text);
        Assert.Equal(AnswerKind.NotUnderstood, en.Kind);
        Assert.StartsWith("There is no channel called \"Facebook\" — channels here are ", en.Text);
        Assert.Contains("Douyin", en.Text);
    }

    [Fact]
    public async Task A_campaign_the_skill_cannot_filter_by_is_refused_in_words()
    {
        var answer = await fixture.AskAsync("百度品牌词的收入趋势");

        Assert.Equal("revenue_trend", answer.Skill);
        Assert.StartsWith("按活动筛选不适用于此分析（百度品牌词），以下是不限活动的结果。", answer.Text);
    }

    [Fact]
    public async Task A_touchpoint_the_skill_cannot_filter_by_is_refused_in_words()
    {
        var refused = await fixture.AskAsync("购物车的订单收入趋势");
        var steps = await fixture.AskAsync("从看商品到付款一般要多久");

        Assert.Equal("revenue_trend", refused.Skill);
        Assert.StartsWith("按触点筛选不适用于此分析（购物车），以下是不限触点的结果。", refused.Text);
        Assert.Equal("time_between_steps", steps.Skill);
        Assert.DoesNotContain("不适用", steps.Text); // steps are the skill's own rows
    }

    [Fact]
    public async Task A_channel_compared_with_others_keeps_every_row()
    {
        var answer = await fixture.AskAsync("电话和在线客服的处理时效对比");

        Assert.Equal("ticket_service_levels", answer.Skill);
        Assert.True(answer.Rows.Count > 1);
        Assert.DoesNotContain("已按渠道筛选", answer.Text);
    }

    [Fact]
    public async Task Known_abbreviations_are_not_taken_for_channel_names()
    {
        var answer = await fixture.AskAsync("各触点NPS是多少");

        // NPS per touchpoint is answered (by the NPS skill or the NPS metric cut by touchpoint), never "no channel called NPS".
        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Contains(answer.Skill, new[] { "nps_by_touchpoint", "metric:nps" });
        Assert.DoesNotContain("渠道", answer.Text);
        Assert.Contains("售后服务", answer.Text);
    }
}

/// <summary>Answers show labels, never raw ids or the other language's column.</summary>
[Collection(AnalystCollection.Name)]
public sealed class AnswerLabelTests(AnalystFixture fixture)
{
    [Theory]
    [InlineData("上周核心指标周环比怎么样", "指标", "支付成功率（%）")]
    [InlineData("how did our KPIs move compared to the week before?", "KPI", "Payment success rate (%)")]
    public async Task Kpi_rows_are_named_in_the_answer_language_without_raw_ids(string question, string header, string name)
    {
        var answer = await fixture.AskAsync(question);

        Assert.Equal("kpi_week_over_week", answer.Skill);
        Assert.Equal(header, answer.Columns[0].Label);
        Assert.Contains(answer.Rows, r => Equals(r[0], name));
        Assert.DoesNotContain(answer.Rows.SelectMany(r => r), v => v is string s && (s == "payment_success_rate" || s == "repurchase_rate"));
        Assert.Equal(answer.Columns.Count, answer.Rows[0].Length);
        Assert.DoesNotContain(answer.Columns, c => c.Name.EndsWith("_zh", StringComparison.Ordinal) && c.Name.EndsWith("_en", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kpi_answer_whose_current_period_is_empty_says_why_with_the_data_range()
    {
        // As of Monday 2026-11-23 "this week" is that Monday alone, after the sample data ends.
        var answer = await fixture.AskAsync("这周核心指标和上周比怎么样");

        Assert.Equal("kpi_week_over_week", answer.Skill);
        Assert.StartsWith("2026-11-23 至 2026-11-23 没有数据：现有数据从 2026-08-03 到 2026-11-22", answer.Text);
        Assert.Empty(answer.Rows);
        Assert.DoesNotContain("—", answer.Text);
    }
}
