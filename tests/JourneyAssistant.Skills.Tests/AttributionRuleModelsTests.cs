using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Results;

namespace JourneyAssistant.Skills.Tests;

/// <summary>
/// The rule-based models of skills/attribution_by_channel against three hand-made journeys in a real DuckDB.
/// Person 1: douyin ad (day −35, outside the 30-day lookback), douyin ad (day 0), search ad (day 3), mini_program product
///   view (day 9), checkout (day 9.5, purchase stage — not a touch), payment success on day 10 for ¥300.
///   Touches: douyin 10 days before, search 7, mini_program 1.
/// Person 2: a store purchase of ¥120 with no earlier touch — credited to its own channel (store).
/// Person 3: WeChat Moments ad (day 0), website landing page (day 2), payment success day 5 (¥80): touches 5 and 3 days before;
///   then an official-account article (day 14) and a second payment day 19 (¥50): only the article counts (earlier
///   touches belong to the first conversion).
/// </summary>
public sealed class AttributionRuleModelsTests : IDisposable
{
    private readonly DuckDBConnection _connection;

    public AttributionRuleModelsTests()
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE journey_events(event_key BIGINT, person_id BIGINT, channel VARCHAR, touchpoint VARCHAR, event VARCHAR,
                                        stage_order INTEGER, is_conversion BOOLEAN, occurred_at TIMESTAMPTZ, local_date DATE, amount DECIMAL(18,2));
            INSERT INTO journey_events
            SELECT k, p, ch, tp, ev, so, conv, TIMESTAMPTZ '2026-10-01 00:00:00+00' + to_seconds(CAST(d * 86400 AS BIGINT)),
                   CAST(TIMESTAMP '2026-10-01 08:00:00' + to_seconds(CAST(d * 86400 AS BIGINT)) AS DATE), amt
            FROM (VALUES
              (1, 1, 'douyin',           'ad',           'ad_impression',   1, false, -35.0, NULL),
              (2, 1, 'douyin',           'ad',           'ad_click',        1, false,   0.0, NULL),
              (3, 1, 'search',           'ad',           'ad_click',        1, false,   3.0, NULL),
              (4, 1, 'mini_program',     'product_page', 'product_view',    3, false,   9.0, NULL),
              (5, 1, 'mini_program',     'checkout',     'checkout_start',  4, false,   9.5, NULL),
              (6, 1, 'mini_program',     'payment',      'payment_success', 4, true,   10.0, 300.00),
              (7, 2, 'store',            'store_pos',    'store_purchase',  4, true,    4.0, 120.00),
              (8, 3, 'wechat_moments',   'ad',           'ad_click',        1, false,   0.0, NULL),
              (9, 3, 'website',          'landing_page', 'page_view',       2, false,   2.0, NULL),
              (10, 3, 'website',         'payment',      'payment_success', 4, true,    5.0, 80.00),
              (11, 3, 'official_account','content',      'content_view',    2, false,  14.0, NULL),
              (12, 3, 'website',         'payment',      'payment_success', 4, true,   19.0, 50.00)
            ) AS t(k, p, ch, tp, ev, so, conv, d, amt);
            CREATE TABLE dim_channels AS SELECT * FROM (VALUES ('douyin', '抖音', 'Douyin'), ('search', '搜索', 'Search'),
              ('mini_program', '小程序', 'Mini Program'), ('store', '门店', 'Store'), ('wechat_moments', '朋友圈', 'WeChat Moments'),
              ('website', '官网', 'Website'), ('official_account', '公众号', 'Official Account')) AS c(id, label_zh, label_en);
            CREATE TABLE dim_touchpoints AS SELECT * FROM (VALUES ('ad', '广告', 'Ad'), ('product_page', '商品详情页', 'Product page'),
              ('store_pos', '门店收银', 'Store POS'), ('landing_page', '落地页', 'Landing page'), ('content', '内容文章', 'Content'))
              AS t(id, label_zh, label_en);
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void First_touch_credits_the_earliest_touch_inside_the_lookback()
    {
        var credit = Credit("first_touch");

        // douyin's day −35 impression is outside the lookback, its day-0 click is still the first touch.
        Assert.Equal(1.0, credit[("first_touch", "douyin")], 9);
        Assert.Equal(1.0, credit[("first_touch", "store")], 9);
        Assert.Equal(1.0, credit[("first_touch", "wechat_moments")], 9);
        Assert.Equal(1.0, credit[("first_touch", "official_account")], 9);
        Assert.False(credit.ContainsKey(("first_touch", "search")));
    }

    [Fact]
    public void Last_touch_credits_the_last_pre_purchase_touch()
    {
        var credit = Credit("last_touch");

        // Person 1's checkout is a purchase-stage event, so the product view on the mini program is the last touch.
        Assert.Equal(1.0, credit[("last_touch", "mini_program")], 9);
        Assert.Equal(1.0, credit[("last_touch", "website")], 9);
        Assert.Equal(1.0, credit[("last_touch", "official_account")], 9);
        Assert.Equal(1.0, credit[("last_touch", "store")], 9);
        Assert.Equal(4, credit.Count);
    }

    [Fact]
    public void Linear_splits_each_conversion_evenly_and_respects_the_previous_conversion()
    {
        var credit = Credit("linear");

        // Three touches for person 1 (the day −35 one would make it four and douyin ½), two for person 3's first order,
        // and only the article for person 3's second order.
        Assert.Equal(1.0 / 3, credit[("linear", "douyin")], 9);
        Assert.Equal(1.0 / 3, credit[("linear", "search")], 9);
        Assert.Equal(1.0 / 3, credit[("linear", "mini_program")], 9);
        Assert.Equal(0.5, credit[("linear", "wechat_moments")], 9);
        Assert.Equal(0.5, credit[("linear", "website")], 9);
        Assert.Equal(1.0, credit[("linear", "official_account")], 9);
        Assert.Equal(4.0, credit.Values.Sum(), 9);
    }

    [Fact]
    public void Time_decay_halves_the_weight_every_half_life()
    {
        var credit = Credit("time_decay");

        // Person 1: weights 2^(−10/7) = 0.37150, 2^(−7/7) = 0.5, 2^(−1/7) = 0.90572; sum 1.77722.
        // douyin 0.37150 / 1.77722 = 0.20904, search 0.5 / 1.77722 = 0.28134, mini_program 0.90572 / 1.77722 = 0.50963.
        Assert.Equal(0.20904, credit[("time_decay", "douyin")], 1e-5);
        Assert.Equal(0.28134, credit[("time_decay", "search")], 1e-5);
        Assert.Equal(0.50963, credit[("time_decay", "mini_program")], 1e-5);
        // Person 3: 2^(−5/7) = 0.60951 and 2^(−3/7) = 0.74300; wechat_moments 0.60951 / 1.35251 = 0.45065.
        Assert.Equal(0.45065, credit[("time_decay", "wechat_moments")], 1e-5);
        Assert.Equal(0.54935, credit[("time_decay", "website")], 1e-5);
    }

    [Fact]
    public void Position_based_gives_forty_twenty_forty_and_halves_two_touches()
    {
        var credit = Credit("position_based");

        Assert.Equal(0.4, credit[("position_based", "douyin")], 9);
        Assert.Equal(0.2, credit[("position_based", "search")], 9);
        Assert.Equal(0.4, credit[("position_based", "mini_program")], 9);
        Assert.Equal(0.5, credit[("position_based", "wechat_moments")], 9);
        Assert.Equal(0.5, credit[("position_based", "website")], 9);
        Assert.Equal(1.0, credit[("position_based", "store")], 9);
    }

    [Fact]
    public void All_models_side_by_side_each_share_the_same_four_conversions_and_revenue()
    {
        var result = Run(new Dictionary<string, object?> { ["model"] = "all" });

        var byModel = result.Rows.GroupBy(r => (string)r[result.IndexOf("model")]!).ToList();
        Assert.Equal(["first_touch", "last_touch", "linear", "time_decay", "position_based"], byModel.Select(g => g.Key));
        foreach (var model in byModel)
        {
            Assert.Equal(4.0, model.Sum(r => Number(r[result.IndexOf("conversions")])), 9);
            Assert.Equal(550.0, model.Sum(r => Number(r[result.IndexOf("revenue")])), 6);
            Assert.Equal(1.0, model.Sum(r => Number(r[result.IndexOf("share")])), 9);
        }
    }

    [Fact]
    public void Touchpoint_dimension_credits_touchpoints_with_their_labels()
    {
        var result = Run(new Dictionary<string, object?> { ["model"] = "linear", ["dimension"] = "touchpoint" });

        var credit = result.Rows.ToDictionary(r => (string)r[result.IndexOf("item")]!, r => Number(r[result.IndexOf("conversions")]));
        // Person 1: ad (douyin), ad (search), product page → ad ⅔, product page ⅓; person 3: ad ½, landing page ½; then content 1.
        Assert.Equal(2.0 / 3 + 0.5, credit["ad"], 9);
        Assert.Equal(1.0 / 3, credit["product_page"], 9);
        Assert.Equal(0.5, credit["landing_page"], 9);
        Assert.Equal(1.0, credit["content"], 9);
        Assert.Equal(1.0, credit["store_pos"], 9);
        Assert.Equal("广告", result.Rows[0][result.IndexOf("item_zh")]);
        Assert.Equal("Ad", result.Rows[0][result.IndexOf("item_en")]);
    }

    private Dictionary<(string Model, string Item), double> Credit(string model)
    {
        var result = Run(new Dictionary<string, object?> { ["model"] = model });
        return result.Rows.ToDictionary(
            r => ((string)r[result.IndexOf("model")]!, (string)r[result.IndexOf("item")]!),
            r => Number(r[result.IndexOf("conversions")]));
    }

    private SkillResult Run(Dictionary<string, object?> arguments)
    {
        arguments["period"] = "2026-10-01..2026-10-31";
        return LibrarySkillRunner.Run(_connection, LibrarySkillRunner.Read("attribution_by_channel.yaml"), arguments);
    }

    private static double Number(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
