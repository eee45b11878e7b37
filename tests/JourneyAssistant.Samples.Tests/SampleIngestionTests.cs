using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Apparel;
using JourneyAssistant.Store.Schema;
using JourneyAssistant.Testing;
using Xunit.Abstractions;

namespace JourneyAssistant.Samples.Tests;

/// <summary>Generates the default sample (byte-identical to sample-data/raw) and ingests it once with its mappings into a real DuckDB store.</summary>
public sealed class SampleIngestFixture : IAsyncLifetime
{
    public SampleManifest Manifest { get; private set; } = null!;

    public IngestReport Report { get; private set; } = null!;

    public JourneyStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var folder = RepoPaths.NewScratchFolder("sample-store");
        Manifest = ApparelSampleGenerator.Write(new SampleOptions(), Path.Combine(folder, "sample"));
        var options = new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "sample-test-key-0123456789", Threads = 2, MemoryLimit = "1GB" };
        Store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());
        Report = await new IngestionService(Store).IngestAsync(Manifest.Files);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = await Store.OpenAsync(readOnly: true);
        return await connection.QueryAsync(sql);
    }

    /// <summary>First column as key, second as double.</summary>
    public async Task<Dictionary<string, double>> PairsAsync(string sql) =>
        (await QueryAsync(sql)).ToDictionary(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)!, r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture));
}

public sealed class SampleIngestionTests(SampleIngestFixture sample, ITestOutputHelper output) : IClassFixture<SampleIngestFixture>
{
    [Fact]
    public async Task Dictionary_columns_stored_at_ingest_follow_the_same_rule_as_the_schema_rewrite()
    {
        // Ingest derives channel_kind/orders/is_conversion from its name lookups; a dictionary change rewrites them with
        // StoreSchema's joins. Both must give the same value for every stored event.
        var mismatches = await sample.QueryAsync($"""
            SELECT count(*)
            FROM touchpoint_events t
            JOIN (SELECT e.event_key, {StoreSchema.DictionaryColumnsSql} FROM touchpoint_events e {StoreSchema.DictionaryJoinsSql("e")}) d USING (event_key)
            WHERE t.channel_kind IS DISTINCT FROM d.channel_kind OR t.touchpoint_order IS DISTINCT FROM d.touchpoint_order
               OR t.stage_order IS DISTINCT FROM d.stage_order OR t.is_conversion IS DISTINCT FROM d.is_conversion
            """);
        Assert.Equal(0L, Convert.ToInt64(mismatches[0][0], CultureInfo.InvariantCulture));
        var filled = await sample.QueryAsync(
            "SELECT count(*) FILTER (WHERE channel_kind IS NOT NULL), count(*) FILTER (WHERE stage_order IS NOT NULL), count(*) FILTER (WHERE is_conversion), count(*) FROM touchpoint_events");
        // Not vacuous: every event has a kind and a stage order, and some are conversions.
        Assert.Equal(filled[0][3], filled[0][0]);
        Assert.Equal(filled[0][3], filled[0][1]);
        Assert.True(Convert.ToInt64(filled[0][2], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Generated_raw_exports_ingest_with_their_mappings_losing_nothing()
    {
        foreach (var file in sample.Report.Files)
        {
            output.WriteLine($"{Path.GetFileName(file.File)} [{file.Mapping}] in={file.InputRows} ok={file.Accepted} dup={file.Duplicates} rej={file.Rejected} "
                + string.Join("; ", file.Rejections.Select(r => $"{r.Code}={r.Count} ({r.Example})")));
        }

        foreach (var stats in sample.Manifest.FileStats)
        {
            var result = Assert.Single(sample.Report.Files, f => f.File == Path.GetFullPath(stats.Path));
            Assert.Equal(stats.Source + ".yaml", result.Mapping);
            Assert.Equal(stats.Rows, result.InputRows);
            Assert.Equal(stats.Events, result.Accepted);
            Assert.Equal(stats.DuplicateRows, result.Duplicates);
            Assert.Equal(stats.BadRows, result.Rejected);
        }

        var counts = await sample.QueryAsync("SELECT (SELECT count(*) FROM journey_events), (SELECT count(*) FROM quarantine)");
        Assert.Equal(sample.Manifest.Events, Convert.ToInt64(counts[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(sample.Manifest.BadRows, Convert.ToInt64(counts[0][1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Payment_is_the_largest_drop_of_the_touchpoint_funnel_and_worse_on_the_mini_program()
    {
        var reach = await sample.PairsAsync("""
            SELECT touchpoint, count(DISTINCT person_id) FROM journey_events
            WHERE person_id IS NOT NULL AND touchpoint IN ('ad', 'landing_page', 'product_page', 'cart', 'checkout', 'payment')
            GROUP BY touchpoint
            UNION ALL SELECT 'paid', count(DISTINCT person_id) FROM journey_events WHERE event = 'payment_success'
            """);
        string[] steps = ["ad", "landing_page", "product_page", "cart", "checkout", "payment", "paid"];
        var drops = steps.Zip(steps.Skip(1), (a, b) => (Step: b, Drop: 1 - reach[b] / reach[a])).ToList();
        output.WriteLine(string.Join(", ", drops.Select(d => $"{d.Step} -{d.Drop:P0}")));
        Assert.Equal("paid", drops.MaxBy(d => d.Drop).Step);
        Assert.InRange(drops[^1].Drop, 0.6, 0.72);

        var lost = await sample.PairsAsync("""
            WITH p AS (
                SELECT person_id, channel, bool_or(event = 'payment_start') AS reached, bool_or(event = 'payment_success') AS paid
                FROM journey_events WHERE person_id IS NOT NULL AND channel IN ('website', 'mini_program') GROUP BY ALL)
            SELECT channel, 1 - count(*) FILTER (WHERE reached AND paid) / count(*) FILTER (WHERE reached) FROM p GROUP BY channel
            """);
        output.WriteLine($"lost at payment: web {lost["website"]:P0}, mini-program {lost["mini_program"]:P0}");
        Assert.True(lost["mini_program"] > lost["website"] + 0.04);
    }

    [Fact]
    public async Task Douyin_brings_most_ad_traffic_but_search_converts_best()
    {
        var impressions = await sample.PairsAsync("SELECT channel, count(*) FROM journey_events WHERE event = 'ad_impression' GROUP BY channel");
        Assert.Equal("douyin", impressions.MaxBy(p => p.Value).Key);

        var conversion = await sample.PairsAsync("""
            SELECT p.first_channel, avg(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.person_id) THEN 1.0 ELSE 0 END)
            FROM people p WHERE p.first_channel IN ('douyin', 'wechat_moments', 'search', 'official_account') GROUP BY 1
            """);
        output.WriteLine(string.Join(", ", conversion.Select(c => $"{c.Key} {c.Value:P1}")));
        Assert.Equal("search", conversion.MaxBy(c => c.Value).Key);
        Assert.Equal("douyin", conversion.MinBy(c => c.Value).Key);
        Assert.True(conversion["official_account"] > 2 * conversion["douyin"]);
    }

    [Fact]
    public async Task Last_week_payment_drop_is_driven_by_the_mini_program()
    {
        var weeks = await sample.PairsAsync("""
            SELECT channel || ' ' || iso_week, count(*) FROM journey_events
            WHERE event = 'payment_success' AND iso_week IN ('2026-W46', '2026-W47') GROUP BY 1
            """);
        var total46 = weeks.Where(w => w.Key.EndsWith("W46", StringComparison.Ordinal)).Sum(w => w.Value);
        var total47 = weeks.Where(w => w.Key.EndsWith("W47", StringComparison.Ordinal)).Sum(w => w.Value);
        Assert.True(total47 < total46 * 0.9, $"payment successes W46 {total46} → W47 {total47}");
        var miniDrop = weeks["mini_program 2026-W46"] - weeks["mini_program 2026-W47"];
        Assert.True(miniDrop > 0.6 * (total46 - total47), "the mini-program accounts for most of the drop");
        Assert.True(weeks["mini_program 2026-W47"] < 0.5 * weeks["mini_program 2026-W46"]);
    }

    [Fact]
    public async Task Phone_tickets_resolve_slowest_and_after_sales_has_the_lowest_nps()
    {
        var hours = await sample.PairsAsync("SELECT service_channel, median(resolution_hours) FROM tickets WHERE is_resolved GROUP BY 1");
        Assert.InRange(hours["phone"], 24, 40);
        Assert.InRange(hours["online_chat"], 3, 6);
        Assert.True(hours["wecom"] < hours["phone"] / 2);

        var nps = await sample.PairsAsync("""
            SELECT touchpoint, 100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(*)
            FROM survey_responses WHERE nps IS NOT NULL GROUP BY 1
            """);
        output.WriteLine(string.Join(", ", nps.Select(n => $"{n.Key} {n.Value:F0}")));
        Assert.Equal("after_sales", nps.MinBy(n => n.Value).Key);
        var comments = await sample.QueryAsync("SELECT count(*) FROM survey_responses WHERE touchpoint = 'after_sales' AND (comment LIKE '%退款%' OR comment LIKE '%等太久%' OR comment LIKE '%efund%')");
        Assert.True(Convert.ToInt64(comments[0][0], CultureInfo.InvariantCulture) > 20);
    }

    [Fact]
    public async Task Double_11_spikes_ad_traffic_and_the_10_20_outage_dips_orders()
    {
        var ads = await sample.PairsAsync("SELECT strftime(local_date, '%m-%d'), count(*) FROM journey_events WHERE touchpoint = 'ad' AND local_date BETWEEN '2026-11-04' AND '2026-11-18' GROUP BY 1");
        var others = ads.Where(a => a.Key != "11-11").Select(a => a.Value).ToList();
        Assert.True(ads["11-11"] > 3 * others.Max(), $"11-11 has {ads["11-11"]} ad events, other days at most {others.Max()}");

        var orders = await sample.PairsAsync("SELECT strftime(local_date, '%m-%d'), count(*) FROM orders WHERE local_date BETWEEN '2026-10-06' AND '2026-11-03' GROUP BY 1");
        var usual = orders.Where(o => o.Key != "10-20" && o.Key != "10-21").Select(o => o.Value).Order().ToList();
        Assert.True(orders["10-20"] < 0.5 * usual[usual.Count / 2], $"10-20 has {orders["10-20"]} orders, median day {usual[usual.Count / 2]}");
    }

    [Fact]
    public async Task One_page_checkout_variant_B_converts_significantly_better()
    {
        var rows = await sample.QueryAsync("""
            SELECT json_extract_string(properties, '$.variant'),
                   count(DISTINCT person_id) FILTER (WHERE event = 'checkout_start'),
                   count(DISTINCT person_id) FILTER (WHERE event = 'payment_success')
            FROM journey_events WHERE json_extract_string(properties, '$.experiment') = 'one_page_checkout' AND person_id IS NOT NULL
            GROUP BY 1 ORDER BY 1
            """);
        Assert.Equal(["A", "B"], rows.Select(r => (string)r[0]!));
        double N(int i, int c) => Convert.ToDouble(rows[i][c], CultureInfo.InvariantCulture);
        var (nA, pA, nB, pB) = (N(0, 1), N(0, 2) / N(0, 1), N(1, 1), N(1, 2) / N(1, 1));
        var pooled = (N(0, 2) + N(1, 2)) / (nA + nB);
        var z = (pB - pA) / Math.Sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
        output.WriteLine($"A {pA:P1} (n={nA}), B {pB:P1} (n={nB}), z={z:F2}");
        Assert.True(nA > 500 && nB > 500);
        Assert.True(z > 2.58, $"z = {z:F2}");
    }

    [Fact]
    public async Task About_a_quarter_of_buyers_repurchase_after_about_a_month_and_members_more()
    {
        var rows = await sample.QueryAsync("""
            WITH b AS (SELECT o.person_id, count(*) AS n, any_value(p.has_member_id) AS member FROM orders o JOIN people p USING (person_id) GROUP BY 1),
                 gaps AS (SELECT date_diff('day', lag(occurred_at) OVER (PARTITION BY person_id ORDER BY occurred_at), occurred_at) AS d FROM orders WHERE person_id IS NOT NULL)
            SELECT avg(CASE WHEN n >= 2 THEN 1.0 ELSE 0 END),
                   avg(CASE WHEN n >= 2 THEN 1.0 ELSE 0 END) FILTER (WHERE member),
                   avg(CASE WHEN n >= 2 THEN 1.0 ELSE 0 END) FILTER (WHERE NOT member),
                   (SELECT median(d) FROM gaps WHERE d IS NOT NULL)
            FROM b
            """);
        double V(int i) => Convert.ToDouble(rows[0][i], CultureInfo.InvariantCulture);
        output.WriteLine($"repurchase {V(0):P0}, members {V(1):P0}, others {V(2):P0}, median gap {V(3)} d");
        Assert.InRange(V(0), 0.18, 0.32);
        Assert.True(V(1) > 2 * V(2));
        Assert.InRange(V(3), 22, 38);
    }

    [Fact]
    public async Task Consultation_is_a_common_last_touch_of_people_who_leave_without_buying()
    {
        var last = await sample.PairsAsync("""
            WITH l AS (SELECT person_id, arg_max(touchpoint, occurred_at) AS last_tp, bool_or(is_conversion) AS bought, bool_or(touchpoint = 'product_page') AS viewed
                       FROM journey_events WHERE person_id IS NOT NULL GROUP BY 1)
            SELECT last_tp, count(*) FROM l WHERE viewed AND NOT bought GROUP BY 1
            """);
        var ranked = last.OrderByDescending(l => l.Value).Select(l => l.Key).ToList();
        output.WriteLine(string.Join(", ", last.OrderByDescending(l => l.Value).Select(l => $"{l.Key} {l.Value}")));
        Assert.Contains("consultation", ranked.Take(2));
    }

    [Fact]
    public void Shared_identifier_guard_catches_the_store_phone_and_the_test_device()
    {
        Assert.Contains(sample.Report.Stitch.Shared, s => s.IdType == "phone" && s.Masked.StartsWith("400", StringComparison.Ordinal));
        Assert.Contains(sample.Report.Stitch.Shared, s => s.IdType == "device_id" && s.Masked.StartsWith("TEST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Canonical_example_links_one_journey_across_ads_web_crm_tickets_and_surveys()
    {
        var folder = RepoPaths.NewScratchFolder("sample-example");
        var options = new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "sample-test-key-0123456789", Threads = 2, MemoryLimit = "1GB" };
        var store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());

        var report = await new IngestionService(store).IngestAsync([Path.Combine(RepoPaths.SampleData, "canonical", "example.csv")]);

        var file = Assert.Single(report.Files);
        Assert.Equal("canonical", file.Mapping);
        Assert.Equal((27L, 22L, 1L, 4L), (file.InputRows, file.Accepted, file.Duplicates, file.Rejected));
        Assert.Equal(["bad_timestamp", "empty_event", "invalid_json", "unknown_stage"], file.Rejections.Select(r => r.Code).Order(StringComparer.Ordinal));

        await using DuckDBConnection connection = await store.OpenAsync();
        var persons = await connection.QueryAsync("""
            SELECT min(e.event_id), count(DISTINCT t.person_id) FROM touchpoint_events t JOIN (VALUES
                ('ex-001', 'a'), ('ex-003', 'a'), ('ex-008', 'a'), ('ex-009', 'a'), ('ex-011', 'a'), ('ex-012', 'a'),
                ('ex-013', 'b'), ('ex-017', 'b'), ('ex-019', 'b'), ('ex-020', 'c'), ('ex-022', 'c')) e(event_id, who) USING (event_id)
            GROUP BY e.who ORDER BY 1
            """);
        Assert.Equal(3, persons.Count);
        Assert.All(persons, p => Assert.Equal(1L, Convert.ToInt64(p[1], CultureInfo.InvariantCulture)));
        Assert.Equal(["ad_click", "ad"], (await connection.QueryAsync("SELECT event, touchpoint FROM touchpoint_events WHERE event_id = 'ex-002'"))[0]);
    }

    [Fact]
    public async Task Canonical_sample_ingests_without_a_mapping_losing_nothing()
    {
        var folder = RepoPaths.NewScratchFolder("sample-canonical-ingest");
        var manifest = ApparelSampleGenerator.Write(new SampleOptions(People: 1_500, Seed: 9, Canonical: true), Path.Combine(folder, "canonical"));
        var options = new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "sample-test-key-0123456789", Threads = 2, MemoryLimit = "1GB" };
        var store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());

        var report = await new IngestionService(store).IngestAsync(manifest.Files);

        Assert.All(report.Files, f => Assert.Equal("canonical", f.Mapping));
        Assert.Equal(manifest.Events, report.Accepted);
        Assert.Equal(manifest.DuplicateRows, report.Duplicates);
        Assert.Equal(manifest.BadRows, report.Rejected);
        Assert.Contains(report.Stitch.Shared, s => s.IdType == "phone" && s.Masked.StartsWith("400", StringComparison.Ordinal));
    }
}
