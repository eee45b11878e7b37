namespace JourneyAssistant.Analyst.Tests;

/// <summary>A question about one pair of steps is answered about that pair, not about the slowest one.</summary>
[Collection(AnalystCollection.Name)]
public sealed class NamedStepTests(AnalystFixture fixture)
{
    [Theory]
    [InlineData("从加购到下单一般要多久", "从加入购物车到提交订单：中位数 ")]
    [InlineData("How long does it take from add to cart to checkout?", "From Add to cart to Checkout: median ")]
    [InlineData("支付环节平均等多久", "从进入支付到支付成功：中位数 ")]
    public async Task The_step_pair_the_question_names_leads_the_answer(string question, string start)
    {
        var answer = await fixture.AskAsync(question);

        Assert.Equal("time_between_steps", answer.Skill);
        Assert.StartsWith(start, answer.Text, StringComparison.Ordinal);
        Assert.True(answer.Rows.Count > 1, "every step stays in the table");
        // Under an hour reads in minutes, never "0.0 小时".
        Assert.DoesNotContain("0.0 ", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_step_named_the_slowest_step_leads()
    {
        var answer = await fixture.AskAsync("各步骤之间的耗时");

        Assert.StartsWith("耗时最长的一步是从", answer.Text, StringComparison.Ordinal);
    }
}
