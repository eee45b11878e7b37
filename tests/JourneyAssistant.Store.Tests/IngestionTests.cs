using JourneyAssistant.Store.Ingestion;

namespace JourneyAssistant.Store.Tests;

public sealed class IngestionTests
{
    [Fact]
    public async Task Aliases_map_raw_event_names_onto_canonical_events()
    {
        var store = new TestStore("alias");
        var file = store.WriteCsv("events.csv",
            TestStore.Row("e1", "2026-11-08T10:00:00Z", "order_create", cookieId: "c1"),
            TestStore.Row("e2", "2026-11-08T10:01:00Z", "submit_order", cookieId: "c1"),
            TestStore.Row("e3", "2026-11-08T10:02:00Z", "ＰＡＧＥＶＩＥＷ ", channel: "官网", cookieId: "c1"),
            TestStore.Row("e4", "2026-11-08T10:03:00Z", "支付成功", channel: "Mini Program", stage: "购买", cookieId: "c1"));

        var report = await store.IngestAsync(file);

        Assert.Equal(4, report.Accepted);
        var rows = await store.QueryAsync("SELECT event_id, event, stage, touchpoint, channel FROM touchpoint_events ORDER BY event_id");
        Assert.Equal(["checkout_start", "purchase", "checkout", "website"], rows[0][1..]);
        Assert.Equal(["checkout_start", "purchase", "checkout", "website"], rows[1][1..]);
        Assert.Equal(["page_view", "interest", "landing_page", "website"], rows[2][1..]);
        Assert.Equal(["payment_success", "purchase", "payment", "mini_program"], rows[3][1..]);
    }

    [Fact]
    public async Task Event_at_17_30_utc_falls_on_the_next_local_day_in_Shanghai()
    {
        var store = new TestStore("tz");
        var file = store.WriteCsv("events.csv",
            TestStore.Row("e1", "2026-11-08T17:30:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("e2", "2026-11-08T15:59:59Z", "page_view", cookieId: "c1"),
            TestStore.Row("e3", "2026-11-09 00:30:00", "page_view", cookieId: "c1"));

        await store.IngestAsync(file);

        var rows = await store.QueryAsync("SELECT event_key, CAST(local_date AS VARCHAR), iso_week, CAST(week_start AS VARCHAR), CAST(month_start AS VARCHAR), local_hour FROM journey_events ORDER BY event_key");
        Assert.Equal(["2026-11-09", "2026-W46", "2026-11-09", "2026-11-01", 1], rows[0][1..]);
        Assert.Equal(["2026-11-08", "2026-W45", "2026-11-02", "2026-11-01", 23], rows[1][1..]);
        // A naive timestamp is read in the default source zone (Asia/Shanghai): 00:30 local = 16:30 UTC the day before.
        var naive = await store.ScalarAsync<string>("SELECT strftime(occurred_at, '%Y-%m-%d %H:%M') FROM touchpoint_events WHERE event_id = 'e3'");
        Assert.Equal("2026-11-08 16:30", naive);
        Assert.Equal("2026-11-09", (string)rows[2][1]!);
    }

    [Theory]
    [InlineData("2026-11-08T10:00:00Z", "2026-11-08 10:00:00")]
    [InlineData("2026-11-08T10:00:00z", "2026-11-08 10:00:00")]
    [InlineData("2026-11-08T10:00:00+08:00", "2026-11-08 02:00:00")]
    [InlineData("2026-11-08T10:00:00+0800", "2026-11-08 02:00:00")]
    [InlineData("2026-11-08T10:00:00+08", "2026-11-08 02:00:00")]
    [InlineData("2026-11-08 10:00:00-05:00", "2026-11-08 15:00:00")]
    [InlineData("2026-11-08T10:00:00.250-0530", "2026-11-08 15:30:00.250")]
    [InlineData("2026-11-08 10:00:00", "2026-11-08 02:00:00")]
    [InlineData("2026-11-08T10:00", "2026-11-08 02:00:00")]
    [InlineData("2026-11-08", "2026-11-07 16:00:00")]
    public async Task An_offset_is_honoured_and_a_naive_time_is_read_in_the_source_zone(string text, string utc)
    {
        var store = new TestStore("offsets");
        await store.IngestAsync(store.WriteCsv("t.csv", TestStore.Row("t1", text, "page_view", cookieId: "c1")));

        Assert.Equal(utc, await store.ScalarAsync<string>("SELECT strftime(occurred_at, CASE WHEN microsecond(occurred_at) % 1000000 = 0 THEN '%Y-%m-%d %H:%M:%S' ELSE '%Y-%m-%d %H:%M:%S.%g' END) FROM touchpoint_events"));
    }

    [Fact]
    public async Task Rejected_rows_are_quarantined_with_reason_and_line_number()
    {
        var store = new TestStore("quarantine");
        var file = store.WriteCsv("events.csv",
            TestStore.Row("ok1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("bad-ts", "yesterday-ish", "page_view", cookieId: "c1"),
            TestStore.Row("bad-event", "2026-11-08T10:00:00Z", "teleport", cookieId: "c1"),
            TestStore.Row("bad-stage", "2026-11-08T10:00:00Z", "page_view", stage: "nirvana", cookieId: "c1"),
            TestStore.Row("bad-json", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1", properties: "{not json"),
            TestStore.Row("no-event", "2026-11-08T10:00:00Z", "", cookieId: "c1"),
            "too,many,columns,here,x,y,z,1,2,3,4,5,6,7,8,9,10,11,12",
            TestStore.Row("bad-after", "2026-13-45T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("ok2", "2026-11-08T10:00:00Z", "page_view", phone: "13812345678"));

        var report = await store.IngestAsync(file);

        Assert.Equal(3, report.Accepted);
        Assert.Equal(6, report.Rejected);
        Assert.Equal(9, report.InputRows);
        var rows = await store.QueryAsync("SELECT line_number, reason_code, reason FROM quarantine ORDER BY line_number");
        Assert.Equal(
            [
                "3 bad_timestamp unparseable timestamp 'yesterday-ish'",
                "5 unknown_stage unknown stage 'nirvana'",
                "6 invalid_json invalid JSON in properties",
                "7 empty_event empty event",
                "8 malformed_row malformed row: too many columns",
                "9 bad_timestamp unparseable timestamp '2026-13-45T10:00:00Z'",
            ],
            rows.Select(r => $"{r[0]} {r[1]} {r[2]}").ToList());
        // An unknown event name is data, not an error: kept as a custom entry.
        Assert.Equal(["bad-event", "ok1", "ok2"], (await store.QueryAsync("SELECT event_id FROM touchpoint_events ORDER BY event_id")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Accepted_plus_duplicates_plus_rejected_equals_input_rows()
    {
        var store = new TestStore("sum");
        var first = store.WriteCsv("a.csv",
            TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("e2", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"));
        var second = store.WriteCsv("b.csv",
            TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("e3", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("e3", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("e4", "not a time", "page_view", cookieId: "c1"),
            TestStore.Row("e5", "2026-11-08T10:00:00Z", "page_view", source: "other", cookieId: "c1"));

        var report = await store.IngestAsync(first, second);

        var b = report.Files[1];
        Assert.Equal(5, b.InputRows);
        Assert.Equal((2, 2, 1), (b.Accepted, b.Duplicates, b.Rejected));
        Assert.All(report.Files, f => Assert.Equal(f.InputRows, f.Accepted + f.Duplicates + f.Rejected));
        Assert.Equal(4, await store.ScalarAsync<long>("SELECT count(*) FROM touchpoint_events"));
        Assert.Equal(report.Rejected, await store.ScalarAsync<long>("SELECT count(*) FROM quarantine"));
    }

    [Fact]
    public async Task Ingesting_the_same_file_twice_changes_nothing()
    {
        var store = new TestStore("idempotent");
        var file = store.WriteCsv("events.csv",
            TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1", memberId: "M1"),
            TestStore.Row("e2", "2026-11-08T10:00:00Z", "page_view", cookieId: "c2", memberId: "M1"),
            TestStore.Row("e3", "bad", "page_view", cookieId: "c1"));

        await store.IngestAsync(file);
        var before = await Snapshot(store);
        var again = await store.IngestAsync(file);
        var after = await Snapshot(store);

        Assert.Equal(before, after);
        Assert.Equal((0L, 2L, 1L, 3L), (again.Accepted, again.Duplicates, again.Rejected, again.InputRows));

        // A copy with the same rows under another name (different bytes path, same content) is also all duplicates.
        var copy = store.WriteFile("copy.csv", File.ReadAllText(file).Replace("e3,bad", "e3,worse"));
        var third = await store.IngestAsync(copy);
        Assert.Equal((0L, 2L, 1L), (third.Accepted, third.Duplicates, third.Rejected));
        Assert.Equal(before.Events, await store.ScalarAsync<long>("SELECT count(*) FROM touchpoint_events"));
    }

    [Fact]
    public async Task Concurrent_ingests_into_one_store_take_turns_and_keep_every_event()
    {
        var store = new TestStore("concurrent");
        var files = Enumerable.Range(1, 6).Select(n => store.WriteCsv($"part{n}.csv",
                Enumerable.Range(1, 3000).Select(i => TestStore.Row($"p{n}-{i}", "2026-11-08T10:00:00Z", "page_view", cookieId: $"c{n}-{i}", memberId: $"M{i}")).ToArray()))
            .ToList();

        var reports = await Task.WhenAll(files.Select(f => Task.Run(() => store.Ingestion.IngestAsync([f]))));

        Assert.All(reports, r => Assert.Equal((3000L, 0L, 0L), (r.Accepted, r.Duplicates, r.Rejected)));
        var keys = await store.QueryAsync("SELECT count(*), count(DISTINCT event_key), count(DISTINCT batch_id) FROM touchpoint_events");
        Assert.Equal((18000L, 18000L, 6L), (Convert.ToInt64(keys[0][0]), Convert.ToInt64(keys[0][1]), Convert.ToInt64(keys[0][2])));
        // Members M1…M3000 appear in every file: each is one identity (one node), next to the 18,000 cookies.
        var nodes = await store.QueryAsync("SELECT count(*), count(DISTINCT node_id), count(DISTINCT (id_type, id_hash)) FROM identities");
        Assert.Equal((21000L, 21000L, 21000L), (Convert.ToInt64(nodes[0][0]), Convert.ToInt64(nodes[0][1]), Convert.ToInt64(nodes[0][2])));
        Assert.Equal(3000L, await store.ScalarAsync<long>("SELECT count(*) FROM persons"));
    }

    [Fact]
    public async Task A_failure_midway_leaves_the_store_as_before()
    {
        var store = new TestStore("atomic");
        var first = store.WriteCsv("a.csv", TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"));
        await store.IngestAsync(first);
        var before = await Snapshot(store);
        var second = store.WriteCsv("b.csv",
            TestStore.Row("e2", "2026-11-08T10:00:00Z", "page_view", cookieId: "c2", phone: "13800001111"),
            TestStore.Row("e3", "oops", "page_view", cookieId: "c2"));

        var failing = new ThrowingProgress("identifiers");
        await Assert.ThrowsAsync<IOException>(() => store.Ingestion.IngestAsync([second], progress: failing));

        Assert.True(failing.Seen.Contains("events"), "the failure must come after events were inserted");
        Assert.Equal(before, await Snapshot(store));
        var retry = await store.IngestAsync(second);
        Assert.Equal((1L, 0L, 1L), (retry.Accepted, retry.Duplicates, retry.Rejected));
    }

    [Fact]
    public async Task Raw_export_is_ingested_through_its_mapping()
    {
        var store = new TestStore("mapping");
        store.WriteFile("mappings/pos.yaml", """
            source: store_pos
            format: csv
            files: "pos_*.csv"
            timestamp: { column: sold_at, format: "%Y/%m/%d %H:%M:%S", zone: Asia/Shanghai }
            constants: { channel: 门店, touchpoint: store_pos }
            columns: { event: kind, amount: total, region: province }
            event_id_from: [receipt, sold_at]
            identifiers: { mobile: phone, card_no: member_id }
            event_aliases: { SALE: store_purchase, 退货: store_purchase }
            properties: [store_name]
            drop: [cashier_email]
            """);
        var raw = store.WriteFile("raw/pos_2026.csv", """
            receipt,sold_at,kind,total,province,mobile,card_no,store_name,cashier_email,sku
            R1,2026/11/08 09:15:00,SALE,"1,299.00",上海,+86 138-1234-5678,VIP001,静安店,ann@example.com,SKU1
            R2,2026/11/08 10:15:00,SALE,88.5,北京,13912345678,VIP002,朝阳店,bob@example.com,SKU2
            R2,2026/11/08 10:15:00,SALE,88.5,北京,13912345678,VIP002,朝阳店,bob@example.com,SKU2
            R3,2026-11-08,SALE,1,北京,13912345678,VIP002,朝阳店,bob@example.com,SKU2
            R9,2026/11/08 11:00:00,SALE,1,北京,13900000000,VIP009,朝阳店,eve@example.com,SKU9,EXTRA
            """);

        var report = await store.IngestAsync(raw);

        Assert.Equal("pos.yaml", report.Files[0].Mapping);
        Assert.Equal((2L, 1L, 2L), (report.Accepted, report.Duplicates, report.Rejected));
        var rows = await store.QueryAsync("""
            SELECT source, channel, touchpoint, event, stage, CAST(amount AS VARCHAR), region, strftime(occurred_at, '%H:%M'), properties->>'store_name', properties->>'sku', properties::VARCHAR
            FROM touchpoint_events ORDER BY occurred_at
            """);
        Assert.Equal(["store_pos", "store", "store_pos", "store_purchase", "purchase", "1299.00", "上海", "01:15", "静安店", "SKU1"], rows[0][..10]);
        Assert.DoesNotContain("example.com", (string)rows[0][10]!);
        var quarantined = (string)(await store.QueryAsync("SELECT string_agg(raw_row, ' ') FROM quarantine"))[0][0]!;
        Assert.DoesNotContain("example.com", quarantined);
        Assert.DoesNotContain("13900000000", quarantined);
        Assert.Contains("SKU9", quarantined);
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT count(*) FROM persons WHERE has_phone AND has_member_id AND identifier_count = 2 AND event_count = 1"));
    }

    [Fact]
    public async Task Names_resolve_exactly_or_after_normalizing_and_unknown_names_are_kept_under_their_raw_value()
    {
        var store = new TestStore("names");
        store.WriteFile("mappings/shop.yaml", """
            source: shop
            format: csv
            files: "shop_*.csv"
            constants: { touchpoint: store_pos }
            columns: { event: what, channel: where, stage: phase }
            event_aliases: { "customer's order": store_purchase, 下单了: checkout_start }
            """);
        var raw = store.WriteFile("raw/shop_1.csv", """
            event_id,occurred_at,what,where,phase,cookie_id
            s1,2026-11-08T10:00:00Z,customer's order,门店,,c1
            s2,2026-11-08T10:01:00Z,  CUSTOMER'S ORDER ,ＷＥＢＳＩＴＥ,,c1
            s3,2026-11-08T10:02:00Z,下单了,Mini Program,,c1
            s4,2026-11-08T10:03:00Z,Store_Purchase,store,复购期,c1
            s5,2026-11-08T10:04:00Z,customers order,store,,c1
            s6,2026-11-08T10:05:00Z,store_purchase,the moon,,c1
            """);

        var report = await store.IngestAsync(raw);

        Assert.Equal((6L, 0L), (report.Accepted, report.Rejected));
        var rows = await store.QueryAsync("""
            SELECT event_id, event, channel, channel_kind, stage, stage_order, touchpoint_order, is_conversion
            FROM touchpoint_events ORDER BY event_id
            """);
        Assert.Equal(["s1", "store_purchase", "store", "offline", "purchase", 4, 9, true], rows[0]);
        Assert.Equal(["s2", "store_purchase", "website", "owned", "purchase", 4, 9, true], rows[1]);
        Assert.Equal(["s3", "checkout_start", "mini_program", "owned", "purchase", 4, 9, false], rows[2]);
        // An explicit stage wins over the event's default, and its order comes with it.
        Assert.Equal(["s4", "store_purchase", "store", "offline", "retention", 5, 9, true], rows[3]);
        // Near misses are not guessed onto our names: they are kept as the source's own (custom) names.
        Assert.Equal(["s5", "custom:customers order", "store", "offline", "purchase", 4, 9, false], rows[4]);
        Assert.Equal(["s6", "store_purchase", "custom:the moon", null, "purchase", 4, 9, true], rows[5]);
        Assert.Equal(0L, await store.ScalarAsync<long>("SELECT count(*) FROM quarantine"));
    }

    [Fact]
    public async Task Line_numbers_and_event_keys_follow_the_file_when_the_reader_splits_a_large_file()
    {
        // ~24 MB: DuckDB's CSV reader scans it in parallel pieces, and line numbers come from the order rows are staged in.
        var store = new TestStore("lines");
        var lines = new List<string>();
        for (var i = 1; i <= 200_000; i++)
        {
            var padding = new string('x', 40 + i % 50);
            lines.Add(i % 50_000 == 0
                ? TestStore.Row($"e{i}", "not a time", "page_view", cookieId: $"c{i}")
                : TestStore.Row($"e{i}", "2026-11-08T10:00:00Z", "page_view", cookieId: $"c{i}", properties: $$"""{"pad":"{{padding}}"}"""));
        }

        var report = await store.IngestAsync(store.WriteCsv("big.csv", [.. lines]));

        Assert.Equal((199_996L, 4L), (report.Accepted, report.Rejected));
        // Line n + 1 holds event e{n} (the header is line 1), and an event's key is the batch base plus its line.
        Assert.Equal(0, await store.ScalarAsync<long>("""
            SELECT count(*) FROM touchpoint_events WHERE event_key <> CAST(substr(event_id, 2) AS BIGINT) + 1
            """));
        var quarantined = await store.QueryAsync("SELECT line_number, raw_row->>'event_id' FROM quarantine ORDER BY line_number");
        Assert.Equal(["50001 e50000", "100001 e100000", "150001 e150000", "200001 e200000"], quarantined.Select(r => $"{r[0]} {r[1]}"));
    }

    [Fact]
    public async Task Jsonl_rows_and_invalid_lines_are_accounted_for()
    {
        var store = new TestStore("jsonl");
        var file = store.WriteFile("events.jsonl", """
            {"event_id":"j1","occurred_at":"2026-11-08T10:00:00+08:00","source":"mp","channel":"mini_program","event":"mp_page_enter","wechat_openid":"oAbCdEfGhIjKlMnOpQrStUvWx1","properties":{"page":"home"},"campaign":"双11"}
            {"event_id":"j2", broken
            {"event_id":"j3","occurred_at":"2026-11-08T11:00:00+08:00","source":"mp","channel":"小程序","event":"view_item","wechat_openid":"oAbCdEfGhIjKlMnOpQrStUvWx1"}
            """);

        var report = await store.IngestAsync(file);

        Assert.Equal((2L, 0L, 1L, 3L), (report.Accepted, report.Duplicates, report.Rejected, report.InputRows));
        Assert.Equal("2 invalid_json", string.Join(";", (await store.QueryAsync("SELECT line_number, reason_code FROM quarantine")).Select(r => $"{r[0]} {r[1]}")));
        var first = await store.QueryAsync("SELECT properties->>'page', campaign, event FROM journey_events ORDER BY occurred_at");
        Assert.Equal(["home", "双11", "page_view"], first[0]);
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events"));
    }

    internal static async Task<(long Events, long Identifiers, long Identities, long Persons, long Quarantine, long Batches, string Digest)> Snapshot(TestStore store)
    {
        var rows = await store.QueryAsync("""
            SELECT (SELECT count(*) FROM touchpoint_events), (SELECT count(*) FROM event_identifiers), (SELECT count(*) FROM identities),
                   (SELECT count(*) FROM persons), (SELECT count(*) FROM quarantine), (SELECT count(*) FROM ingest_batches),
                   (SELECT coalesce(string_agg(event_id || ':' || coalesce(person_id::VARCHAR, '-'), ',' ORDER BY event_id), '') FROM touchpoint_events)
            """);
        var r = rows[0];
        return (Convert.ToInt64(r[0]), Convert.ToInt64(r[1]), Convert.ToInt64(r[2]), Convert.ToInt64(r[3]), Convert.ToInt64(r[4]), Convert.ToInt64(r[5]), (string)r[6]!);
    }

    private sealed class ThrowingProgress(string failAt) : IProgress<IngestProgress>
    {
        public List<string> Seen { get; } = [];

        public void Report(IngestProgress value)
        {
            Seen.Add(value.Step);
            if (value.Step == failAt)
            {
                throw new IOException($"injected failure at {failAt}");
            }
        }
    }
}
