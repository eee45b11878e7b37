namespace JourneyAssistant.Store.Tests;

public sealed class QuarantineRetryTests
{
    [Fact]
    public async Task Retry_moves_rows_that_now_pass_into_the_store_and_every_batch_still_adds_up()
    {
        var store = new TestStore("retry");
        store.WriteFile("mappings/shop.yaml", """
            source: shop
            format: csv
            files: "shop_*.csv"
            unknown_names: reject
            constants: { channel: store }
            columns: { event: what }
            """);
        var raw = store.WriteFile("raw/shop_1.csv", """
            event_id,occurred_at,what,cookie_id
            a1,2026-11-08T10:00:00Z,page_view,c1
            a2,2026-11-08T10:01:00Z,heartbeat,c1
            a3,2026-11-08T10:02:00Z,HEARTBEAT,c2
            a4,not a time,page_view,c1
            a1,2026-11-08T10:00:00Z,page_view,c1
            """);
        var first = await store.IngestAsync(raw);
        Assert.Equal((5L, 1L, 1L, 3L), (first.InputRows, first.Accepted, first.Duplicates, first.Rejected));

        store.WriteFile("data/dictionary.local.yaml", "events:\n  - { id: page_view, aliases: [heartbeat] }\n");
        var retry = await store.Ingestion.RetryQuarantineAsync();

        var file = Assert.Single(retry.Files);
        Assert.Equal((3L, 2L, 0L, 1L), (file.InputRows, file.Accepted, file.Duplicates, file.Rejected));
        Assert.Equal(file.InputRows, file.Accepted + file.Duplicates + file.Rejected);
        Assert.Equal(retry.InputRows, retry.Accepted + retry.Duplicates + retry.Rejected);
        var batch = (await store.QueryAsync("SELECT input_rows, accepted, duplicates, rejected FROM ingest_batches"))[0];
        Assert.Equal([5L, 3L, 1L, 1L], batch);
        Assert.Equal(["5 bad_timestamp"], (await store.QueryAsync("SELECT line_number, reason_code FROM quarantine")).Select(r => $"{r[0]} {r[1]}"));
        Assert.Equal(["a1 page_view", "a2 page_view", "a3 page_view"],
            (await store.QueryAsync("SELECT event_id, event FROM touchpoint_events ORDER BY event_id")).Select(r => $"{r[0]} {r[1]}"));

        // A second retry finds nothing new to move and changes no count.
        var again = Assert.Single((await store.Ingestion.RetryQuarantineAsync()).Files);
        Assert.Equal((1L, 0L, 0L, 1L), (again.InputRows, again.Accepted, again.Duplicates, again.Rejected));
        Assert.Equal([5L, 3L, 1L, 1L], (await store.QueryAsync("SELECT input_rows, accepted, duplicates, rejected FROM ingest_batches"))[0]);
    }

    [Fact]
    public async Task Retry_leaves_rows_of_a_changed_source_file_in_quarantine_with_a_note()
    {
        var store = new TestStore("retry-changed");
        var file = store.WriteCsv("events.csv",
            TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1"),
            TestStore.Row("e2", "never", "page_view", cookieId: "c1"));
        await store.IngestAsync(file);
        File.AppendAllText(file, TestStore.Row("e3", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1") + "\n");

        var result = Assert.Single((await store.Ingestion.RetryQuarantineAsync()).Files);

        Assert.Equal((1L, 0L, 1L), (result.InputRows, result.Accepted, result.Rejected));
        Assert.Contains("changed", result.Note);
        Assert.Equal(1L, await store.ScalarAsync<long>("SELECT count(*) FROM quarantine"));
    }
}
