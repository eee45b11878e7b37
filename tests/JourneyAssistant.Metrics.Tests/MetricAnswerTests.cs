using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Evaluation;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>
/// The plain questions that had no answer before the metric layer, on both stores, checked against numbers computed
/// by hand-written SQL (not by the compiler), plus the shapes a metric answer takes and what it says when the data
/// can't support a number.
/// </summary>
[Collection(TwoStoresCollection.Name)]
public sealed class MetricAnswerTests(TwoStores stores)
{
    public static TheoryData<string> Stores => new() { "sample", "retail" };

    private static string Integer(double value) => Math.Floor(value).ToString("#,##0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Total_revenue_is_the_sum_of_all_orders_over_all_data(string store)
    {
        var truth = await stores.ScalarAsync(store, "SELECT sum(amount) FROM orders");
        foreach (var question in new[] { "What is total revenue?", "总收入是多少？" })
        {
            var answer = await stores.AskAsync(store, question);
            Assert.Equal(AnswerKind.Answered, answer.Kind);
            Assert.Equal("metric:revenue", answer.Skill);
            Assert.Equal("metric", answer.Route!.Kind);
            Assert.Contains(Integer(truth), answer.Text, StringComparison.Ordinal);
            Assert.Contains("2026-08-03", answer.Text, StringComparison.Ordinal); // "all data (first – last)" says the span
            Assert.Contains("sum(f.amount)", answer.Sql, StringComparison.Ordinal);
            Assert.InRange(answer.Recommendations.Count, 2, 4);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Overall_conversion_rate_is_converting_people_over_all_people(string store)
    {
        var truth = await stores.ScalarAsync(store,
            "SELECT count(DISTINCT person_id) FILTER (WHERE is_conversion)::DOUBLE / count(DISTINCT person_id) FROM journey_events");
        foreach (var question in new[] { "What is the overall conversion rate?", "整体转化率是多少？" })
        {
            var answer = await stores.AskAsync(store, question);
            Assert.Equal("metric:conversion_rate", answer.Skill);
            Assert.Contains(Percent(truth), answer.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sample", "2026年11月9日有多少笔支付成功？", "2026-11-09")]
    [InlineData("retail", "2026年11月12日有多少笔支付成功？", "2026-11-12")]
    public async Task Payments_on_one_day_count_that_days_orders(string store, string question, string day)
    {
        var truth = await stores.ScalarAsync(store, $"SELECT count(*) FROM orders WHERE local_date = DATE '{day}'");
        var answer = await stores.AskAsync(store, question);
        Assert.Equal("metric:orders", answer.Skill);
        Assert.Equal(day + ".." + day, answer.Parameters["period"]?.ToString());
        Assert.Contains(day, answer.Text, StringComparison.Ordinal);
        Assert.Contains(Integer(truth), answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Last_weeks_orders_against_the_week_before_name_both_numbers_and_a_driver(string store)
    {
        var current = await stores.ScalarAsync(store, "SELECT count(*) FROM orders WHERE local_date BETWEEN DATE '2026-11-16' AND DATE '2026-11-22'");
        var previous = await stores.ScalarAsync(store, "SELECT count(*) FROM orders WHERE local_date BETWEEN DATE '2026-11-09' AND DATE '2026-11-15'");
        var answer = await stores.AskAsync(store, "上周支付成功的订单数比前一周变化了多少？");
        Assert.Equal("metric:orders", answer.Skill);
        Assert.Equal("compare", answer.Route!.Shape);
        Assert.Contains(Integer(current), answer.Text, StringComparison.Ordinal);
        Assert.Contains(Integer(previous), answer.Text, StringComparison.Ordinal);
        var pct = (Math.Abs(current - previous) / previous * 100).ToString("0.0", CultureInfo.InvariantCulture);
        Assert.Contains(pct + "%", answer.Text, StringComparison.Ordinal);
        Assert.Contains(current < previous ? "下降" : "上升", answer.Text, StringComparison.Ordinal);
        Assert.Contains("变化最大的", answer.Text, StringComparison.Ordinal);
        Assert.Equal(2, answer.Rows.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_ranking_names_the_top_member_with_its_number(string store)
    {
        var answer = await stores.AskAsync(store, "10月哪个地区的订单最多？");
        Assert.Equal("metric:orders", answer.Skill);
        Assert.Equal("breakdown", answer.Route!.Shape);
        var top = (string)answer.Rows[0][0]!;
        var truth = await stores.ScalarAsync(store,
            $"SELECT count(*) FROM orders WHERE local_date BETWEEN DATE '2026-10-01' AND DATE '2026-10-31' AND region = '{top.Replace("'", "''", StringComparison.Ordinal)}'");
        var runnerUp = answer.Rows.Count > 1 ? Convert.ToDouble(answer.Rows[1][1], CultureInfo.InvariantCulture) : 0;
        Assert.True(truth >= runnerUp);
        Assert.Contains(top, answer.Text, StringComparison.Ordinal);
        Assert.Contains(Integer(truth), answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_by_a_stores_own_channel_name_is_applied_in_the_sql_as_a_bound_value()
    {
        var truth = await stores.ScalarAsync("retail", "SELECT count(*) FROM journey_events WHERE event = 'ad_click' AND channel = 'custom:Paid Search'");
        var answer = await stores.AskAsync("retail", "How many ad clicks came from Paid Search in total?");
        Assert.Equal("metric:ad_clicks", answer.Skill);
        Assert.Contains(Integer(truth), answer.Text, StringComparison.Ordinal);
        Assert.Contains("Paid Search", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Paid Search", answer.Sql, StringComparison.Ordinal); // the value is a parameter, not SQL text
        Assert.Equal("custom:Paid Search", answer.Parameters["f_channel_1"]?.ToString());
    }

    [Fact]
    public async Task Revenue_on_a_store_with_unflagged_purchases_says_what_it_leaves_out()
    {
        // The retail chain's own "repeat_purchase" events carry amounts but no conversion flag: revenue leaves them out,
        // and the answer says how many and how much — the generator's truth minus the store's flagged revenue.
        var flagged = await stores.ScalarAsync("retail", "SELECT sum(amount) FROM orders");
        var missing = (double)stores.RetailTruth.Revenue - flagged;
        var answer = await stores.AskAsync("retail", "总收入是多少？");
        Assert.Contains("repeat_purchase", answer.Text, StringComparison.Ordinal);
        Assert.Contains(missing.ToString("#,##0.00", CultureInfo.InvariantCulture), answer.Text, StringComparison.Ordinal);
        Assert.Contains("journey dictionary suggest", answer.Explanation, StringComparison.Ordinal);

        var ours = await stores.AskAsync("sample", "总收入是多少？");
        Assert.DoesNotContain("没有标为转化", ours.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_the_store_has_no_rows_for_is_named_with_the_channels_it_has()
    {
        // The retail chain has no app: "APP 的订单数" must not read as zero orders or as all channels.
        var answer = await stores.AskAsync("retail", "APP 的订单数是多少？");
        Assert.Equal(AnswerKind.NotUnderstood, answer.Kind);
        Assert.Null(answer.Sql);
        Assert.Contains("APP", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Facebook", answer.Text, StringComparison.Ordinal); // the store's own channels are listed too
    }

    [Fact]
    public async Task A_cut_the_metric_does_not_declare_is_refused_with_what_is_available()
    {
        var answer = await stores.AskAsync("sample", "按阶段看工单量是多少？");
        Assert.Equal(AnswerKind.NotUnderstood, answer.Kind);
        Assert.Null(answer.Sql);
        Assert.Contains("不能按阶段拆分", answer.Text, StringComparison.Ordinal);
        Assert.Contains("渠道", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_share_with_no_events_behind_it_is_said_so_never_narrated_as_zero_percent()
    {
        // The retail export has no ad impressions: its click-through rate has nothing to rest on.
        var answer = await stores.AskAsync("retail", "What is the overall ad click-through rate?");
        Assert.Equal("metric:click_through_rate", answer.Skill);
        Assert.DoesNotContain("0.0%", answer.Text, StringComparison.Ordinal);
        Assert.Contains("no data", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(answer.Rows);
        Assert.Null(answer.Chart);
    }

    [Theory]
    [InlineData("推荐分享次数和新增会员数", "这里回答的是", "新增会员数")]
    [InlineData("ad clicks and new members last month", "This answers", "ad clicks")]
    public async Task Two_metrics_named_without_an_analysis_relating_them_say_which_one_is_answered(string question, string lead, string other)
    {
        var answer = await stores.AskAsync("sample", question);
        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.StartsWith(lead, answer.Text, StringComparison.Ordinal);
        Assert.Contains(other, answer.FollowUps[0], StringComparison.Ordinal);
        Assert.Contains("two_metrics", answer.Route!.Signals, StringComparison.Ordinal);
        Assert.DoesNotContain("filtered by touchpoint", answer.Text, StringComparison.Ordinal); // "ad" of "ad clicks" is no filter
    }

    [Fact]
    public async Task A_follow_up_edits_the_metric_plan()
    {
        var conversation = Guid.NewGuid().ToString("N");
        var first = await stores.AskAsync("sample", "上周的订单数是多少？", conversation);
        Assert.Equal("metric:orders", first.Skill);
        var split = await stores.AskAsync("sample", "按渠道拆分", conversation);
        Assert.Equal("metric:orders", split.Skill);
        Assert.Equal("breakdown", split.Route!.Shape);
        Assert.Equal("2026-11-16..2026-11-22", split.Parameters["period"]?.ToString());
        var month = await stores.AskAsync("sample", "换成上个月", conversation);
        Assert.Equal("metric:orders", month.Skill);
        Assert.Equal("2026-10-01..2026-10-31", month.Parameters["period"]?.ToString());
    }

    [Fact]
    public async Task Ask_json_explains_the_route()
    {
        var answer = await stores.AskAsync("sample", "What is total revenue?");
        var json = JsonSerializer.Serialize(answer);
        using var doc = JsonDocument.Parse(json);
        var route = doc.RootElement.GetProperty("route");
        Assert.Equal("metric", route.GetProperty("kind").GetString());
        Assert.Equal("revenue", route.GetProperty("id").GetString());
        Assert.Equal("total", route.GetProperty("shape").GetString());

        var skill = JsonSerializer.Serialize(await stores.AskAsync("sample", "哪个触点流失的用户最多？"));
        using var skillDoc = JsonDocument.Parse(skill);
        Assert.Equal("skill", skillDoc.RootElement.GetProperty("route").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("sample", "tests/eval/metrics.yaml")]
    [InlineData("retail", "tests/eval/metrics-retail.yaml")]
    public async Task Blind_metric_questions_meet_their_files_threshold(string store, string file)
    {
        var suite = EvalSuite.Load(Path.Combine(RepoPaths.Root, file));
        Assert.True(suite.Cases.Count >= 50);
        Assert.Equal(store == "retail", suite.Store is not null);
        var report = await new EvalRunner(stores.Of(store)).RunAsync(suite, suite.AsOf);
        Assert.True(report.Accuracy >= suite.Threshold!.Value,
            $"{report.Correct}/{report.Total}: " + string.Join("; ", report.Misses.Select(m => $"{m.Id} {m.Question} → {m.Reason}")));
    }
}
