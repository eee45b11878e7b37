using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Vocabulary;

namespace JourneyAssistant.Store.Tests;

/// <summary>Issue 14 item 5: what answers must own up to — events on unmapped names and rows in quarantine, with numbers, in both languages.</summary>
public sealed class DataQualityNotesTests
{
    [Fact]
    public async Task Unmapped_names_and_quarantined_rows_are_counted_and_said_and_a_new_ingest_is_seen()
    {
        var store = new TestStore("quality");
        var notes = new DataQualityNotes(store.Store);
        await store.IngestAsync(store.WriteCsv("known.csv", TestStore.Row("k1", "2026-11-01T10:00:00Z", "page_view")));

        var clean = await notes.ReadAsync();

        await store.IngestAsync(store.WriteCsv("theirs.csv",
            TestStore.Row("t1", "2026-11-01T11:00:00Z", "page_view", channel: "Facebook"),
            TestStore.Row("t2", "2026-11-01T12:00:00Z", "repeat_purchase", touchpoint: "售后热线"),
            TestStore.Row("t3", "yesterday-ish", "page_view")));
        var after = await notes.ReadAsync();

        Assert.Equal((1L, 0L, 0L), (clean!.Events, clean.UnmappedEvents, clean.Quarantined));
        Assert.Null(clean.Caveat(Language.Zh));
        Assert.Equal((3L, 2L, 1L), (after!.Events, after.UnmappedEvents, after.Quarantined));
        Assert.Contains("Facebook", after.TopUnmapped);
        var zh = after.Caveat(Language.Zh)!;
        var en = after.Caveat(Language.En)!;
        Assert.Contains("2 条事件（66.7%）使用未映射的名称", zh);
        Assert.Contains("1 行在隔离区", zh);
        Assert.Contains("2 events (66.7%) use names not mapped to ours", en);
        Assert.Contains("1 rows are in quarantine", en);
    }
}
