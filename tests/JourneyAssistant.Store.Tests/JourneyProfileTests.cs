using System.Globalization;

namespace JourneyAssistant.Store.Tests;

/// <summary>The journey profile (issue 16): every store's own funnel steps and conversion, derived from its events at ingest.</summary>
public sealed class JourneyProfileTests
{
    // Person p{i} walks the first n steps of a path, 10 minutes apart, starting at hour i.
    private static IEnumerable<string> Walk(string prefix, int person, IReadOnlyList<(string Touchpoint, string Event)> path, int steps, string channel = "website")
    {
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).AddHours(person);
        for (var k = 0; k < steps; k++)
        {
            var (touchpoint, @event) = path[k];
            var at = start.AddMinutes(10 * k).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            yield return TestStore.Row($"{prefix}{person}-{k}", at, @event, channel: channel, touchpoint: touchpoint,
                cookieId: $"{prefix}c{person}", amount: @event is "payment_success" or "purchase" ? "99.00" : "");
        }
    }

    [Fact]
    public async Task A_store_in_its_own_names_gets_its_own_steps_in_journey_order_ending_at_its_conversion()
    {
        // A retail chain: ad click -> product detail -> pay page -> paid, all in its own names; some people stop early,
        // some only ever visit a store (not part of anyone's path to paying online).
        (string, string)[] path = [("广告点击", "ad_click"), ("商品详情", "product_view"), ("支付页面", "pay_page_view"), ("支付成功", "payment_success")];
        var rows = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            rows.AddRange(Walk("r", i, path, i < 10 ? 4 : i < 20 ? 3 : i < 30 ? 2 : 1));
        }

        for (var i = 40; i < 50; i++)
        {
            rows.AddRange(Walk("r", i, [("门店自提", "pickup_complete")], 1, channel: "store"));
        }

        var store = new TestStore("profile-retail");
        var report = await store.IngestAsync(store.WriteCsv("retail.csv", [.. rows]));
        Assert.Equal(0L, report.Rejected);

        var profile = await store.QueryAsync("SELECT kind, id, position, people FROM journey_profile WHERE kind IN ('step', 'conversion', 'event_step') ORDER BY kind, position");
        Assert.Equal(
            [
                "conversion payment_success 4 10",
                "event_step ad_click 1 10", "event_step product_view 2 10", "event_step custom:pay_page_view 3 10",
                "step custom:广告点击 1 10", "step custom:商品详情 2 10", "step custom:支付页面 3 10",
            ],
            profile.Select(r => string.Join(" ", r)).ToList());

        // Every touchpoint present is listed, in the order people first meet them.
        var touchpoints = await store.QueryAsync("SELECT id, people FROM journey_profile WHERE kind = 'touchpoint' ORDER BY position");
        Assert.Equal(5, touchpoints.Count);
        Assert.Equal("custom:广告点击 40", string.Join(" ", touchpoints[0]));
    }

    [Fact]
    public async Task Of_two_conversions_the_one_people_walk_a_path_to_ends_the_funnel_and_a_store_without_one_has_no_steps()
    {
        // An app: signup -> trial -> paid (purchase); a separate store purchase with no path before it. Everyone also
        // opens the newsletter, but only some of the payers did before paying: not a step.
        (string, string)[] path = [("signup_page", "page_view"), ("trial", "trial_start"), ("checkout", "purchase")];
        var rows = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            rows.AddRange(Walk("a", i, path, i < 8 ? 3 : 2, channel: "app"));
        }

        for (var i = 20; i < 45; i++)
        {
            rows.AddRange(Walk("a", i, [("store_pos", "store_purchase")], 1, channel: "store"));
        }

        var store = new TestStore("profile-app");
        await store.IngestAsync(store.WriteCsv("app.csv", [.. rows]));
        var profile = await store.QueryAsync("SELECT kind, id, position FROM journey_profile WHERE kind IN ('step', 'conversion') ORDER BY kind, position");
        // store_purchase ("purchase" is an alias of payment_success here) has more converters (25 vs 8) but nobody walks a path to it.
        Assert.Equal(["conversion payment_success 3", "step custom:signup_page 1", "step custom:trial 2"], profile.Select(r => string.Join(" ", r)).ToList());

        var bare = new TestStore("profile-bare");
        await bare.IngestAsync(bare.WriteCsv("bare.csv", [.. Enumerable.Range(0, 5).SelectMany(i => Walk("b", i, [("store_pos", "store_purchase")], 1, channel: "store"))]));
        Assert.Equal(["conversion store_purchase 1"],
            (await bare.QueryAsync("SELECT kind, id, position FROM journey_profile WHERE kind IN ('step', 'conversion')")).Select(r => string.Join(" ", r)).ToList());
    }

    [Fact]
    public async Task An_overlay_pins_the_funnel_steps_and_a_bad_pin_is_refused_with_its_line()
    {
        (string, string)[] path = [("广告点击", "ad_click"), ("商品详情", "product_view"), ("支付页面", "pay_page_view"), ("支付成功", "payment_success")];
        var rows = Enumerable.Range(0, 20).SelectMany(i => Walk("p", i, path, i < 8 ? 4 : 2)).ToArray();
        const string overlay = """
            touchpoints:
              - { id: ad_landing, stage: awareness, order: 1, aliases: [广告点击], funnel_step: 1 }
              - { id: pay_page, stage: purchase, order: 8, aliases: [支付页面], funnel_step: 2 }
              - { id: coupon_page, stage: interest, order: 2, aliases: [领券页], funnel_step: 3 }
            """;
        var dictionary = Dictionary.JourneyDictionary.LoadEmbedded().WithOverlay(
            Dictionary.DictionaryOverlay.FromEntries(Dictionary.DictionaryOverlay.Parse(overlay, "journey.yaml"), overlay));
        var store = new TestStore("profile-pinned", dictionary: dictionary);
        await store.IngestAsync(store.WriteCsv("pinned.csv", rows));

        // Pinned order, 商品详情 left out; coupon_page is pinned but nobody visits it, so it is skipped.
        var profile = await store.QueryAsync("SELECT kind, id, position, share FROM journey_profile WHERE kind IN ('step', 'conversion') ORDER BY kind, position");
        Assert.Equal(["conversion payment_success 3 1", "step ad_landing 1 ", "step pay_page 2 "], profile.Select(r => string.Join(" ", r)).ToList());

        var error = Assert.Throws<Dictionary.DictionaryOverlayException>(() =>
            Dictionary.DictionaryOverlay.Parse("touchpoints:\n  - { id: x, stage: interest, order: 2, funnel_step: 0 }\n", "bad.yaml"));
        Assert.Contains("bad.yaml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("funnel_step must be a whole number from 1 to 11", error.Message, StringComparison.Ordinal);
    }
}
