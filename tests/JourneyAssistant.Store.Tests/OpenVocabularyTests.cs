using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Tests;

/// <summary>A retail company's own names (issue 14): kept as custom entries, never rejected or collapsed into ours.</summary>
public sealed class OpenVocabularyTests
{
    private static string[] RetailRows() =>
    [
        TestStore.Row("r1", "2026-11-08T10:00:00Z", "ad_click", channel: "Facebook", touchpoint: "广告点击", cookieId: "c1"),
        TestStore.Row("r2", "2026-11-08T10:05:00Z", "ticket_resolved", channel: "phone", touchpoint: "售后热线", stage: "留存", cookieId: "c1"),
        TestStore.Row("r3", "2026-11-08T10:06:00Z", "ticket_resolved", channel: "Instagram", touchpoint: "在线客服", cookieId: "c2"),
        TestStore.Row("r4", "2026-11-08T10:07:00Z", "repeat_purchase", channel: "Paid Search", touchpoint: "复购", stage: "retention", amount: "199.00", cookieId: "c1"),
        TestStore.Row("r5", "2026-11-08T10:08:00Z", "payment_success", channel: "Instagram", touchpoint: "支付成功", amount: "99.00", cookieId: "c2"),
        TestStore.Row("r6", "2026-11-08T10:09:00Z", "survey_response", channel: "paid search", touchpoint: "门店自提", cookieId: "c3"),
        TestStore.Row("r7", "2026-11-08T10:10:00Z", "page_view", channel: "ＦＡＣＥＢＯＯＫ", touchpoint: " 广告点击 ", cookieId: "c3"),
    ];

    [Fact]
    public async Task Unknown_touchpoints_events_and_channels_are_kept_as_custom_entries_with_the_users_own_names()
    {
        var store = new TestStore("open-vocab");
        var report = await store.IngestAsync(store.WriteCsv("retail.csv", RetailRows()));

        Assert.Equal((7L, 0L), (report.Accepted, report.Rejected));
        var rows = await store.QueryAsync("SELECT event_id, event, touchpoint, channel, stage, is_conversion FROM touchpoint_events ORDER BY event_id");
        Assert.Equal(
            [
                "r1 ad_click custom:广告点击 custom:Facebook awareness False",
                "r2 custom:ticket_resolved custom:售后热线 phone retention False",
                "r3 custom:ticket_resolved custom:在线客服 custom:Instagram retention False",
                "r4 custom:repeat_purchase custom:复购 custom:Paid Search retention False",
                "r5 payment_success custom:支付成功 custom:Instagram purchase True",
                "r6 custom:survey_response custom:门店自提 custom:Paid Search unknown False",
                "r7 page_view custom:广告点击 custom:Facebook interest False",
            ],
            rows.Select(r => string.Join(" ", r)).ToList());

        // Distinct names stay distinct; every custom entry is flagged unmapped with the raw name as its label.
        var touchpoints = await store.QueryAsync("SELECT id, label_zh, label_en, stage FROM dim_touchpoints WHERE unmapped ORDER BY id");
        Assert.Equal(new[] { "custom:在线客服", "custom:复购", "custom:广告点击", "custom:售后热线", "custom:支付成功", "custom:门店自提" }.Order(StringComparer.Ordinal),
            touchpoints.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.All(touchpoints, r => Assert.Equal(((string)r[0]!)["custom:".Length..], r[1]));
        Assert.All(touchpoints, r => Assert.Equal(r[1], r[2]));
        Assert.Equal(3L, await store.ScalarAsync<long>("SELECT count(*) FROM dim_channels WHERE unmapped"));
        Assert.Equal(0L, await store.ScalarAsync<long>("SELECT count(*) FROM dim_channels WHERE NOT unmapped AND id LIKE 'custom:%'"));

        // A custom event with a positive amount is a conversion candidate, not a conversion.
        var events = await store.QueryAsync("SELECT id, is_conversion, conversion_candidate FROM dim_events WHERE unmapped ORDER BY id");
        Assert.Equal(["custom:repeat_purchase False True", "custom:survey_response False False", "custom:ticket_resolved False False"],
            events.Select(r => string.Join(" ", r)).ToList());
        Assert.Equal("售后热线", store.Store.Dictionary.Label(DictionaryKind.Touchpoint, "custom:售后热线", Language.En));
    }

    [Fact]
    public async Task Custom_names_seen_again_resolve_to_the_same_ids_in_a_later_file()
    {
        var store = new TestStore("open-vocab-again");
        await store.IngestAsync(store.WriteCsv("a.csv", RetailRows()));
        await store.IngestAsync(store.WriteCsv("b.csv",
            TestStore.Row("b1", "2026-11-09T10:00:00Z", "REPEAT_PURCHASE", channel: "facebook", touchpoint: "售后热线", cookieId: "c9")));

        Assert.Equal("custom:repeat_purchase custom:售后热线 custom:Facebook retention",
            string.Join(" ", (await store.QueryAsync("SELECT event, touchpoint, channel, stage FROM touchpoint_events WHERE event_id = 'b1'"))[0]));
        Assert.Equal(1L, await store.ScalarAsync<long>("SELECT count(*) FROM dim_events WHERE id = 'custom:repeat_purchase'"));
        Assert.Equal(1L, await store.ScalarAsync<long>("SELECT count(*) FROM custom_names WHERE id = 'custom:repeat_purchase'"));
    }

    [Fact]
    public async Task A_very_long_name_or_a_control_character_is_rejected_with_its_line()
    {
        var store = new TestStore("open-vocab-bad");
        var report = await store.IngestAsync(store.WriteCsv("bad.csv",
            TestStore.Row("ok", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("long", "2026-11-08T10:00:00Z", "page_view", touchpoint: new string('长', 10_000), cookieId: "c1"),
            TestStore.Row("ctl", "2026-11-08T10:00:00Z", "ping\u0001pong", cookieId: "c1")));

        Assert.Equal((1L, 2L), (report.Accepted, report.Rejected));
        Assert.Equal(["3 bad_name touchpoint name longer than 200 characters", "4 bad_name event name holds a control character"],
            (await store.QueryAsync("SELECT line_number, reason_code, reason FROM quarantine ORDER BY line_number")).Select(r => string.Join(" ", r)).ToList());
    }

    [Fact]
    public async Task An_overlay_maps_custom_names_onto_ids_and_relabels_stored_rows_without_reingesting()
    {
        var store = new TestStore("open-vocab-overlay");
        await store.IngestAsync(store.WriteCsv("retail.csv", RetailRows()));
        var batches = await store.ScalarAsync<long>("SELECT count(*) FROM ingest_batches");

        store.WriteFile("data/dictionary.local.yaml", """
            touchpoints:
              - { id: ad, aliases: [广告点击] }
              - { id: after_sales, aliases: [售后热线] }
            events:
              - { id: repeat_purchase, stage: retention, touchpoint: member_center, conversion: true, zh: 复购, en: Repeat purchase }
            channels:
              - { id: facebook, kind: paid, zh: Facebook, en: Facebook }
            """);
        Assert.Null(await store.Store.RelabelAsync());

        var rows = await store.QueryAsync("SELECT event_id, event, touchpoint, touchpoint_order, channel, channel_kind, is_conversion FROM touchpoint_events WHERE event_id IN ('r1', 'r2', 'r3', 'r4') ORDER BY event_id");
        Assert.Equal(
            [
                "r1 ad_click ad 1 facebook paid False",
                "r2 custom:ticket_resolved after_sales 11 phone service False",
                "r3 custom:ticket_resolved custom:在线客服  custom:Instagram  False",
                "r4 repeat_purchase custom:复购  custom:Paid Search  True",
            ],
            rows.Select(r => string.Join(" ", r)).ToList());
        Assert.Equal(0L, await store.ScalarAsync<long>("SELECT count(*) FROM dim_touchpoints WHERE id IN ('custom:广告点击', 'custom:售后热线')"));
        Assert.Equal(batches, await store.ScalarAsync<long>("SELECT count(*) FROM ingest_batches"));
    }
}
