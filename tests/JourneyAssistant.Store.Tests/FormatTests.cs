using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Store.Tests;

public sealed class FormatTests
{
    [Fact]
    public async Task Parquet_files_are_read_with_line_numbers_and_typed_columns_as_text()
    {
        var store = new TestStore("parquet");
        var csv = store.WriteCsv("src.csv",
            TestStore.Row("p1", "2026-11-08T10:00:00Z", "page_view", cookieId: "c1", amount: "12.5"),
            TestStore.Row("p2", "garbage", "page_view", cookieId: "c1"));
        var parquet = Path.Combine(store.Folder, "events.parquet");
        await using (var connection = await store.OpenAsync())
        {
            // amount typed as DOUBLE in the Parquet file: ingestion must still read it (as text) and parse it.
            await connection.ExecuteAsync($"""
                COPY (SELECT * REPLACE (try_cast(amount AS DOUBLE) AS amount) FROM read_csv('{csv}', all_varchar = true, header = true))
                TO '{parquet}' (FORMAT parquet)
                """);
        }

        var report = await store.IngestAsync(parquet);

        Assert.Equal("parquet", report.Files[0].Format);
        Assert.Equal((1L, 1L), (report.Accepted, report.Rejected));
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT line_number FROM quarantine"));
        Assert.Equal(12.5m, await store.ScalarAsync<decimal>("SELECT amount FROM touchpoint_events"));
    }

    [Fact]
    public async Task Missing_required_column_rejects_every_row_with_a_clear_reason()
    {
        var store = new TestStore("missing-col");
        var file = store.WriteFile("partial.csv", "event_id,occurred_at,source,event\ne1,2026-11-08T10:00:00Z,web,page_view\ne2,2026-11-08T10:00:00Z,web,page_view\n");

        var report = await store.IngestAsync(file);

        Assert.Equal((0L, 2L), (report.Accepted, report.Rejected));
        Assert.Equal("missing required column 'channel'", await store.ScalarAsync<string>("SELECT DISTINCT reason FROM quarantine"));
    }

    [Fact]
    public async Task AddJourneyStore_registers_the_store_services_and_validates_options()
    {
        var folder = Testing.RepoPaths.NewScratchFolder("di");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = "data/x.duckdb",
            ["Store:PiiKey"] = "k",
        }).Build();
        await using var services = new ServiceCollection().AddJourneyStore(configuration, folder).BuildServiceProvider();

        var store = services.GetRequiredService<JourneyStore>();
        Assert.Equal(Path.Combine(folder, "data", "x.duckdb"), store.DatabasePath);
        Assert.Equal("checkout_start", services.GetRequiredService<IJourneyDictionary>().Resolve(DictionaryKind.Event, "submit_order")!.Id);
        Assert.NotNull(services.GetRequiredService<IngestionService>());
        Assert.NotNull(services.GetRequiredService<StoreInfoService>());
        Assert.NotNull(services.GetRequiredService<StoreBootstrapper>());

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:SharedIdentifierThreshold"] = "0" }).Build();
        await using var badServices = new ServiceCollection().AddJourneyStore(bad, folder).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => badServices.GetRequiredService<IOptions<StoreOptions>>().Value);
    }

    [Theory]
    [InlineData("768MB", "732.4 MiB")]
    [InlineData("0B", "0 bytes")]
    public async Task Writable_connections_carry_the_configured_block_allocator_memory(string configured, string reported)
    {
        var store = new TestStore("block-memory", o => o.BlockAllocatorMemory = configured);
        await using var connection = await store.Store.OpenAsync();

        Assert.Equal(reported, await connection.ScalarAsync<string>("SELECT current_setting('block_allocator_memory')::VARCHAR"));
    }

    [Theory]
    [InlineData("MemoryLimit")]
    [InlineData("BlockAllocatorMemory")]
    public async Task A_memory_size_DuckDB_cannot_read_is_refused_naming_its_setting(string setting)
    {
        var store = new TestStore("bad-memory", o => typeof(StoreOptions).GetProperty(setting)!.SetValue(o, "2 gigs"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.Store.OpenAsync());
        Assert.Contains($"Store:{setting} = '2 gigs'", error.Message);
        Assert.Contains("gigs", error.InnerException!.Message);
    }
}
