using JourneyAssistant.Store.Dictionary;
namespace JourneyAssistant.Store.Tests;

public sealed class ViewTests
{
    [Fact]
    public async Task Tickets_pair_open_and_resolve_by_ticket_id_with_the_open_channel_as_service_channel()
    {
        var store = new TestStore("tickets");
        var file = store.WriteCsv("tickets.csv",
            TestStore.Row("t1-open", "2026-11-08T01:00:00Z", "ticket_open", source: "desk", channel: "电话", memberId: "M1", properties: """{"ticket_id":"TK1","category":"发票"}"""),
            TestStore.Row("t1-done", "2026-11-08T04:30:00Z", "ticket_resolve", source: "desk", channel: "wecom", memberId: "M1", properties: """{"ticket_id":"TK1"}"""),
            TestStore.Row("t2-open", "2026-11-08T17:00:00Z", "ticket_open", source: "desk", channel: "online_chat", memberId: "M2", properties: """{"ticket_id":"TK2","category":"退货"}"""));

        await store.IngestAsync(file);

        var rows = await store.QueryAsync("""
            SELECT ticket_id, service_channel, category, resolution_hours, is_resolved, CAST(open_local_date AS VARCHAR), iso_week, person_id IS NOT NULL
            FROM tickets ORDER BY ticket_id
            """);
        Assert.Equal(["TK1", "phone", "发票", 3.5m, true, "2026-11-08", "2026-W45", true], rows[0].Select(v => v is double d ? (object)(decimal)d : v).ToArray());
        Assert.Equal(["TK2", "online_chat", "退货", null, false, "2026-11-09", "2026-W46", true], rows[1].Select(v => v is double d ? (object)(decimal)d : v).ToArray());
    }

    [Fact]
    public async Task Survey_responses_rate_the_touchpoint_named_in_the_response()
    {
        var store = new TestStore("surveys");
        var file = store.WriteCsv("nps.csv",
            TestStore.Row("n1", "2026-11-08T01:00:00Z", "nps_submit", source: "survey", channel: "wecom", memberId: "M1", properties: """{"nps": 9, "csat": 5, "rated_touchpoint": "门店收银", "comment": "很好"}"""),
            TestStore.Row("n2", "2026-11-08T01:00:00Z", "nps_response", source: "survey", channel: "wecom", memberId: "M2", properties: """{"nps": "11", "csat": "4"}"""));

        await store.IngestAsync(file);

        var rows = await store.QueryAsync("SELECT touchpoint, nps, csat, comment FROM survey_responses ORDER BY event_key");
        Assert.Equal(["store_pos", 9, 5, "很好"], rows[0]);
        Assert.Equal(["nps_survey", null, 4, null], rows[1]);
    }

    [Fact]
    public async Task Orders_number_each_persons_conversions_in_time_order()
    {
        var store = new TestStore("orders");
        var file = store.WriteCsv("orders.csv",
            TestStore.Row("o2", "2026-11-09T01:00:00Z", "pay_success", memberId: "M1", amount: "20"),
            TestStore.Row("o1", "2026-11-08T01:00:00Z", "store_purchase", source: "pos", channel: "store", memberId: "M1", amount: "10"),
            TestStore.Row("v1", "2026-11-08T00:00:00Z", "page_view", memberId: "M1"),
            TestStore.Row("o3", "2026-11-08T02:00:00Z", "payment_success", memberId: "M2", amount: "5"));

        await store.IngestAsync(file);

        var rows = await store.QueryAsync("SELECT CAST(amount AS VARCHAR), order_seq, channel FROM orders ORDER BY person_id, order_seq");
        Assert.Equal(
            ["10.00 1 store", "20.00 2 website", "5.00 1 website"],
            rows.Select(r => $"{r[0]} {r[1]} {r[2]}").ToList());
        Assert.Equal(3, await store.ScalarAsync<long>("SELECT count(*) FROM journey_events WHERE is_conversion"));
    }

    [Fact]
    public async Task Views_follow_a_changed_reporting_zone()
    {
        var store = new TestStore("zone");
        await store.IngestAsync(store.WriteCsv("a.csv", TestStore.Row("e1", "2026-11-08T17:30:00Z", "page_view", cookieId: "ck-zone-1")));
        Assert.Equal("2026-11-09", await store.ScalarAsync<string>("SELECT CAST(local_date AS VARCHAR) FROM journey_events"));
        Assert.Equal("2026-11-09", await store.ScalarAsync<string>("SELECT CAST(first_local_date AS VARCHAR) FROM people"));

        var utc = new JourneyStore(new StoreOptions { Path = store.Options.Path, PiiKey = TestStore.Key, ReportingTimeZone = "UTC" }, store.Folder, store.Store.Dictionary);
        await using var connection = await utc.OpenAsync();
        Assert.Equal("2026-11-08", await connection.ScalarAsync<string>("SELECT CAST(local_date AS VARCHAR) FROM journey_events"));
        Assert.Equal("UTC", await connection.ScalarAsync<string>("SELECT value FROM store_settings WHERE key = 'reporting_time_zone'"));
        // The zone columns are stored, not computed per query: the table itself holds the new zone's values.
        Assert.Equal("2026-11-08 17:30:00", await connection.ScalarAsync<string>("SELECT CAST(local_time AS VARCHAR) FROM touchpoint_events"));
        Assert.Equal("2026-11-08", await connection.ScalarAsync<string>("SELECT CAST(first_local_date AS VARCHAR) FROM people"));
    }

    [Fact]
    public async Task A_changed_dictionary_rewrites_the_stored_conversion_flag_and_journey_order()
    {
        var store = new TestStore("dictionary");
        await store.IngestAsync(store.WriteCsv("a.csv", TestStore.Row("e1", "2026-11-08T17:30:00Z", "page_view", cookieId: "ck-dict-1")));
        Assert.False(await store.ScalarAsync<bool>("SELECT is_conversion FROM journey_events"));

        // Ops marks page views as conversions (say, for a content site): the stored flag must follow without a re-ingest.
        var yaml = store.Store.Dictionary.Yaml.Replace("{ id: page_view,", "{ id: page_view, conversion: true,", StringComparison.Ordinal);
        Assert.NotEqual(store.Store.Dictionary.Yaml, yaml);
        var path = Path.Combine(store.Folder, "dictionary.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var changed = new JourneyStore(new StoreOptions { Path = store.Options.Path, PiiKey = TestStore.Key }, store.Folder, JourneyDictionary.Load(path));

        await using var connection = await changed.OpenAsync();
        Assert.True(await connection.ScalarAsync<bool>("SELECT is_conversion FROM touchpoint_events"));
        Assert.True(await connection.ScalarAsync<bool>("SELECT is_conversion FROM journey_events"));
        Assert.Equal(1L, await connection.ScalarAsync<long>("SELECT count(*) FROM orders"));
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Shanghai")]
    public async Task Stored_zone_columns_match_a_per_row_conversion_across_daylight_saving_changes(string zone)
    {
        // New York leaves DST on 2026-11-01 at 06:00Z (a whole UTC hour); Lord Howe shifts by 30 minutes at 15:30Z on 2026-10-03,
        // inside a UTC hour, which the per-hour offset lookup must not smear.
        var store = new TestStore("dst", o => o.ReportingTimeZone = zone);
        var instants = new[]
        {
            "2026-11-01T05:30:00Z", "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z",
            "2026-10-03T15:00:00Z", "2026-10-03T15:29:59Z", "2026-10-03T15:30:00Z", "2026-10-03T15:45:00Z", "2026-12-31T23:59:59Z",
        };
        await store.IngestAsync(store.WriteCsv("dst.csv", [.. instants.Select((t, i) => TestStore.Row($"d{i}", t, "page_view", cookieId: "ck-dst-1"))]));

        var z = "'" + zone + "'";
        var mismatches = await store.ScalarAsync<long>($"""
            SELECT count(*) FROM touchpoint_events
            WHERE local_time IS DISTINCT FROM timezone({z}, occurred_at)
               OR local_date IS DISTINCT FROM CAST(timezone({z}, occurred_at) AS DATE)
               OR local_hour IS DISTINCT FROM hour(timezone({z}, occurred_at))
               OR iso_week IS DISTINCT FROM strftime(timezone({z}, occurred_at), '%G-W%V')
               OR week_start IS DISTINCT FROM CAST(date_trunc('week', timezone({z}, occurred_at)) AS DATE)
               OR month_start IS DISTINCT FROM CAST(date_trunc('month', timezone({z}, occurred_at)) AS DATE)
            """);
        Assert.Equal(instants.Length, await store.ScalarAsync<long>("SELECT count(*) FROM journey_events"));
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public async Task A_store_from_schema_version_1_gets_zone_columns_and_keeps_ingesting()
    {
        var store = new TestStore("upgrade");
        await store.IngestAsync(store.WriteCsv("a.csv", TestStore.Row("e1", "2026-11-08T17:30:00Z", "page_view", cookieId: "ck-up-1", memberId: "M1")));
        await using (var connection = await store.Store.OpenAsync())
        {
            // Recreate the version-1 shape: zone columns computed by the views, a hash per event identifier.
            await connection.ExecuteAsync("""
                DROP VIEW IF EXISTS orders; DROP VIEW IF EXISTS survey_responses; DROP VIEW IF EXISTS journey_events; DROP VIEW IF EXISTS tickets;
                ALTER TABLE touchpoint_events DROP COLUMN local_time; ALTER TABLE touchpoint_events DROP COLUMN local_date;
                ALTER TABLE touchpoint_events DROP COLUMN local_hour; ALTER TABLE touchpoint_events DROP COLUMN iso_week;
                ALTER TABLE touchpoint_events DROP COLUMN week_start; ALTER TABLE touchpoint_events DROP COLUMN month_start;
                ALTER TABLE event_identifiers ADD COLUMN id_hash VARCHAR DEFAULT 'h';
                UPDATE store_settings SET value = '1' WHERE key = 'schema_version';
                """);
        }

        await store.IngestAsync(store.WriteCsv("b.csv", TestStore.Row("e2", "2026-11-09T01:00:00Z", "page_view", cookieId: "ck-up-1")));

        var rows = await store.QueryAsync("SELECT CAST(local_date AS VARCHAR), local_hour, iso_week FROM journey_events ORDER BY occurred_at");
        Assert.Equal([["2026-11-09", 1, "2026-W46"], ["2026-11-09", 9, "2026-W46"]], rows);
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'event_identifiers' AND column_name = 'id_hash'"));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM journey_events"));
    }

    [Fact]
    public async Task Dimension_views_carry_both_languages_and_journey_order()
    {
        var store = new TestStore("dims");
        var stages = await store.QueryAsync("SELECT id, label_zh, label_en, \"order\" FROM dim_stages");
        Assert.Equal(["awareness", "认知", "Awareness", 1], stages[0]);
        Assert.Equal(6, stages.Count);
        Assert.Equal("offline", await store.ScalarAsync<string>("SELECT kind FROM dim_channels WHERE id = 'store'"));
        Assert.True(await store.ScalarAsync<bool>("SELECT is_conversion FROM dim_events WHERE id = 'store_purchase'"));
        Assert.Equal(7, await store.ScalarAsync<long>("SELECT count(*) FROM identity_coverage"));
    }
}
