using DuckDB.NET.Data;
using JourneyAssistant.Store.Schema;

namespace JourneyAssistant.Store.Tests;

/// <summary>The analysis snapshot: only the analysis views' rows, one file per store version, two versions kept.</summary>
public sealed class AnalysisSnapshotTests
{
    [Fact]
    public async Task A_snapshot_holds_the_analysis_views_as_tables_and_nothing_else()
    {
        var store = new TestStore("snapshot-content");
        await store.IngestAsync(store.WriteCsv("a.csv",
            TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1", phone: "13912340000"),
            TestStore.Row("e2", "2026-11-08T10:05:00Z", "payment_success", cookieId: "c1", amount: "99")));

        var path = AnalysisSnapshot.Ensure(store.Options.Path);

        await using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync();
        var tables = (await connection.QueryAsync("SELECT table_name FROM duckdb_tables() ORDER BY 1")).Select(r => (string)r[0]!).ToList();
        Assert.Equal(StoreSchema.AnalysisViews.Order(StringComparer.Ordinal), tables);
        Assert.Empty(await connection.QueryAsync("SELECT view_name FROM duckdb_views() WHERE NOT internal"));
        Assert.Equal(2L, await connection.ScalarAsync<long>("SELECT count(*) FROM journey_events"));
        Assert.Equal(1L, await connection.ScalarAsync<long>("SELECT count(*) FROM orders"));
        // Not the phone's hash, not its mask: the identifier tables stay in the store.
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM duckdb_columns() WHERE column_name IN ('id_hash', 'masked', 'raw_row')"));
    }

    [Fact]
    public async Task An_unchanged_store_reuses_its_snapshot_and_each_new_version_keeps_the_one_before()
    {
        var store = new TestStore("snapshot-versions");
        var versions = new List<string>();
        for (var day = 1; day <= 3; day++)
        {
            await store.IngestAsync(store.WriteCsv($"d{day}.csv", TestStore.Row($"e{day}", $"2026-11-0{day}T10:00:00Z", "page_view", cookieId: $"c{day}")));
            versions.Add(AnalysisSnapshot.Ensure(store.Options.Path));
            Assert.Equal(versions[^1], AnalysisSnapshot.Ensure(store.Options.Path));
        }

        Assert.Equal(3, versions.Distinct().Count());
        var left = Directory.GetFiles(AnalysisSnapshot.FolderOf(store.Options.Path)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(versions[1..].Order(StringComparer.Ordinal), left);
    }

    [Fact]
    public async Task A_snapshot_needs_no_write_access_to_the_store()
    {
        var store = new TestStore("snapshot-reader");
        await store.IngestAsync(store.WriteCsv("a.csv", TestStore.Row("e1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1")));
        Directory.Delete(AnalysisSnapshot.FolderOf(store.Options.Path), recursive: true);
        var before = AnalysisSnapshot.VersionOf(store.Options.Path);

        var path = AnalysisSnapshot.Ensure(store.Options.Path);

        Assert.True(File.Exists(path));
        Assert.Equal(before, AnalysisSnapshot.VersionOf(store.Options.Path));
    }
}
