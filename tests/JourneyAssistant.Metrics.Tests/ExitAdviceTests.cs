using System.Globalization;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>
/// Where non-converters leave, on both stores (issue 16): each exit touchpoint carries its stage as the store knows it
/// (a retail chain's own 广告点击 and 售后热线 included), and the advice follows those stages — two or more grounded
/// actions on either store, where the retail chain used to get only the generic one because the rules named our ids.
/// </summary>
[Collection(TwoStoresCollection.Name)]
public sealed class ExitAdviceTests(TwoStores stores)
{
    [Theory]
    [InlineData("sample", "广告", "认知")]
    [InlineData("retail", "广告点击", "认知")]
    public async Task Exit_touchpoints_show_their_stage_and_get_advice_from_it(string store, string top, string stage)
    {
        var answer = await stores.AskAsync(store, "没转化的人最后停在哪个触点？");

        Assert.Equal("exit_touchpoints", answer.Skill);
        Assert.StartsWith($"未转化的人最常在{top}离开", answer.Text, StringComparison.Ordinal);
        var stageColumn = answer.Columns.ToList().FindIndex(c => c.Name == "stage");
        Assert.True(stageColumn >= 0, "the stage column is shown");
        Assert.All(answer.Rows, r => Assert.False(string.IsNullOrEmpty(Convert.ToString(r[stageColumn], CultureInfo.InvariantCulture))));

        var share = Convert.ToDouble(answer.Rows[0][answer.Columns.ToList().FindIndex(c => c.Name == "share")], CultureInfo.InvariantCulture);
        Assert.InRange(answer.Recommendations.Count, 2, 4);
        var firstTouch = Assert.Single(answer.Recommendations, r => r.Action.Contains("统计期内之后再无任何行为", StringComparison.Ordinal));
        Assert.Contains($"{share * 100:0.0}%", firstTouch.Action, StringComparison.Ordinal);
        Assert.Contains(answer.Recommendations, r => r.Action.Contains("购买阶段", StringComparison.Ordinal));
        Assert.Contains(stage, string.Join(" ", answer.Rows.Select(r => r[stageColumn])), StringComparison.Ordinal);
    }
}
