using System.Globalization;
using JourneyAssistant.Analyst.Answers;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>
/// The funnel is this store's own path (issue 16): on the retail chain, whose touchpoints are its own names and which
/// has no landing page, cart or checkout, it counts exactly the people the generator planted at each step and names
/// the real leak, the pay page.
/// </summary>
[Collection(TwoStoresCollection.Name)]
public sealed class AdaptiveFunnelTests(TwoStores stores)
{
    [Fact]
    public async Task The_retail_funnel_counts_the_generators_steps_and_names_its_real_leak()
    {
        var truth = stores.RetailTruth;
        var skill = stores.CatalogOf("retail").Find("funnel_by_touchpoint")!;
        var result = await stores.ExecutorOf("retail").RunAsync(skill,
            new Dictionary<string, object?> { ["period"] = $"{truth.FirstDay:yyyy-MM-dd}..{truth.LastDay:yyyy-MM-dd}" },
            ExecutionContext.Local("test", TwoStores.AsOf));

        var people = result.Rows.Select(r => Convert.ToInt64(r[result.IndexOf("people")], CultureInfo.InvariantCulture)).ToList();
        var lastNext = Convert.ToInt64(result.Rows[^1][result.IndexOf("next_people")], CultureInfo.InvariantCulture);
        Assert.Equal(truth.Funnel.Select(s => s.People).ToList(), [.. people, lastNext]);
        Assert.Equal(["custom:广告点击", "custom:商品详情", "payment"], result.Rows.Select(r => (string)r[result.IndexOf("touchpoint")]!).ToList());

        var zh = await stores.AskAsync("retail", "哪个触点流失的用户最多？");
        Assert.Equal("funnel_by_touchpoint", zh.Skill);
        Assert.StartsWith("流失最多的触点是支付页", zh.Text, StringComparison.Ordinal);
        Assert.Contains("从广告点击进入", zh.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("落地页", zh.Text, StringComparison.Ordinal);

        var en = await stores.AskAsync("retail", "Where is the biggest drop-off in the funnel?");
        Assert.StartsWith("The biggest drop-off is at Payment page", en.Text, StringComparison.Ordinal);
        Assert.Contains("reached Payment success", en.Text, StringComparison.Ordinal);
        Assert.Contains("entered at 广告点击", en.Text, StringComparison.Ordinal); // the company's own label, in English too
    }

    [Theory]
    [InlineData("sample", "从商品页到支付页的漏斗", "product_page", "payment", "商品详情页 购物车 结算页 支付页")]
    [InlineData("sample", "funnel from cart to checkout", "cart", "checkout", "Cart Checkout")]
    [InlineData("retail", "从商品详情到支付页的漏斗", "custom:商品详情", "payment", "商品详情 支付页")]
    public async Task A_question_naming_two_steps_gets_the_stretch_between_them(string store, string question, string first, string last, string rows)
    {
        var answer = await stores.AskAsync(store, question);

        Assert.Equal("funnel_by_touchpoint", answer.Skill);
        Assert.Equal((first, last), (answer.Parameters["from_step"]?.ToString(), answer.Parameters["to_step"]?.ToString()));
        Assert.Equal(rows, string.Join(" ", Touchpoints(answer)));
    }

    [Fact]
    public async Task A_question_naming_one_step_gets_the_whole_funnel()
    {
        var answer = await stores.AskAsync("sample", "支付页流失率是多少");

        Assert.Equal("funnel_by_touchpoint", answer.Skill);
        Assert.Null(answer.Parameters["from_step"]);
        Assert.Equal("落地页", Touchpoints(answer)[0]);
    }

    private static List<string> Touchpoints(Answer answer)
    {
        var column = answer.Columns.ToList().FindIndex(c => c.Name == "touchpoint");
        return answer.Rows.Select(r => Convert.ToString(r[column], CultureInfo.InvariantCulture)!).ToList();
    }

    [Fact]
    public async Task The_retail_chains_own_channels_are_compared_and_a_gap_within_noise_is_said_so()
    {
        // Facebook, Instagram, Paid Search… are the chain's own names with no channel kind: they were all left out as
        // "not acquisition channels", and the answer was "no channel reached the minimum".
        var answer = await stores.AskAsync("retail", "which channel has the lowest conversion rate last month?");

        Assert.Equal("conversion_by_channel", answer.Skill);
        var channels = answer.Rows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Contains("Facebook", channels);
        Assert.Contains("Paid Search", channels);
        Assert.Contains("is within noise: it does not show which is better", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_timing_follows_the_retail_chains_own_event_path()
    {
        // Its path is ad_click -> product_view -> its own pay_page_view -> payment_success; the sample's seven events
        // (ad_impression, page_view, add_to_cart, checkout_start …) mostly do not exist here.
        var answer = await stores.AskAsync("retail", "从看到广告到购买一般要多久？");

        Assert.Equal("time_between_steps", answer.Skill);
        Assert.Equal(["广告点击 浏览商品", "浏览商品 pay_page_view", "pay_page_view 支付成功"], answer.Rows.Select(r => $"{r[1]} {r[2]}").ToList());
        Assert.All(answer.Rows, r => Assert.True(Convert.ToInt64(r[3], CultureInfo.InvariantCulture) > 0));
    }
}
