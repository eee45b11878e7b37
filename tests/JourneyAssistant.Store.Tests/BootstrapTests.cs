using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Testing;
using Xunit.Abstractions;

namespace JourneyAssistant.Store.Tests;

public sealed class BootstrapTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Missing_store_is_built_from_the_sample_raw_exports_and_their_mappings()
    {
        // The embedded default path (data/journey.duckdb under the content root) of a scratch content root.
        var folder = RepoPaths.NewScratchFolder("bootstrap");
        var options = new StoreOptions { SampleDataPath = RepoPaths.SampleData, PiiKey = TestStore.Key };
        var store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());
        Assert.Equal(Path.Combine(folder, "data", "journey.duckdb"), store.DatabasePath);
        var bootstrapper = new StoreBootstrapper(store);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await bootstrapper.EnsureBuiltAsync(new StepLog(output, clock));

        var report = Assert.IsType<Ingestion.IngestReport>(bootstrapper.BuildReport);
        foreach (var file in report.Files)
        {
            output.WriteLine($"{Path.GetFileName(file.File)} [{file.Mapping}] in={file.InputRows} ok={file.Accepted} dup={file.Duplicates} rej={file.Rejected} {file.Duration.TotalSeconds:0.00}s "
                + string.Join("; ", file.Rejections.Select(r => $"{r.Code}={r.Count} ({r.Example})")));
        }

        output.WriteLine($"persons={report.Persons} shared={report.Stitch.Shared.Count} iterations={report.Stitch.Iterations} total={report.Duration.TotalSeconds:0.00}s");
        Assert.True(File.Exists(store.DatabasePath));
        // The build's analysis snapshot is the store's, not left beside a temporary name.
        Assert.Equal(["journey.duckdb", "journey.duckdb.analysis"],
            Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(store.DatabasePath)!).Select(Path.GetFileName).Where(n => n!.StartsWith("journey.duckdb", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(Schema.AnalysisSnapshot.Ensure(store.DatabasePath), Assert.Single(Directory.GetFiles(Schema.AnalysisSnapshot.FolderOf(store.DatabasePath))));
        Assert.Equal(Directory.GetFiles(Path.Combine(RepoPaths.SampleData, "raw")).Length, report.Files.Count);
        Assert.All(report.Files, f => Assert.Equal(f.InputRows, f.Accepted + f.Duplicates + f.Rejected));
        Assert.All(report.Files, f => Assert.NotEqual("canonical", f.Mapping));
        Assert.True(report.Accepted > report.InputRows * 9 / 10, "most sample rows are valid");

        var info = await new StoreInfoService(store).ReadAsync();
        output.WriteLine($"{info.FirstLocalDate} .. {info.LastLocalDate}, persons {info.Persons}, events with person {info.EventsWithPerson}/{info.RowCounts["touchpoint_events"]}");
        Assert.Equal(report.Accepted, info.RowCounts["touchpoint_events"]);
        Assert.True(info.Persons > 100);

        // Building again is a no-op on an existing store.
        var again = new StoreBootstrapper(store);
        await again.EnsureBuiltAsync();
        Assert.Null(again.BuildReport);
    }

    [Fact]
    public async Task A_store_at_a_path_of_its_own_starts_empty_instead_of_holding_the_sample()
    {
        // A company pointing Store:Path at its own file and ingesting its export must not find our sample's events beside its own.
        var folder = RepoPaths.NewScratchFolder("bootstrap-own");
        var own = new JourneyStore(new StoreOptions
        {
            Path = Path.Combine(folder, "acme.duckdb"),
            SampleDataPath = RepoPaths.SampleData,
            PiiKey = TestStore.Key,
        }, folder, JourneyDictionary.LoadEmbedded());
        var bootstrapper = new StoreBootstrapper(own);
        Assert.False(bootstrapper.SeedsSample());

        // A reader is told, and nothing is created: a mistyped path is never answered from an empty store.
        var missing = await Assert.ThrowsAsync<StoreMissingException>(() => bootstrapper.EnsureBuiltAsync());
        Assert.Contains(own.DatabasePath, missing.Message, StringComparison.Ordinal);
        Assert.False(own.Exists);

        // A writer (ingest) gets an empty store.
        await bootstrapper.EnsureBuiltAsync(createEmpty: true);

        Assert.True(own.Exists);
        Assert.Null(bootstrapper.BuildReport);
        var info = await new StoreInfoService(own).ReadAsync();
        Assert.Equal(0, info.RowCounts["touchpoint_events"]);

        // Seeding a scratch path stays possible on request (demos, tests).
        var seeded = new JourneyStore(new StoreOptions
        {
            Path = Path.Combine(folder, "demo.duckdb"),
            SampleDataPath = RepoPaths.SampleData,
            PiiKey = TestStore.Key,
            SeedSample = SampleSeeding.Always,
        }, folder, JourneyDictionary.LoadEmbedded());
        Assert.True(new StoreBootstrapper(seeded).SeedsSample());
        Assert.False(new StoreBootstrapper(new JourneyStore(new StoreOptions { SeedSample = SampleSeeding.Never }, folder, JourneyDictionary.LoadEmbedded())).SeedsSample());
    }

    [Fact]
    public void A_copy_with_another_path_keeps_every_other_setting()
    {
        // The build copies the options to a temporary file; a setting missing from the copy was silently dropped before.
        var options = new StoreOptions
        {
            Currency = new CurrencyOptions { Code = "USD", Symbol = "$" },
            DictionaryOverlayPath = "acme/overlay.yaml",
            SeedSample = SampleSeeding.Always,
            Threads = 3,
        };
        var copy = options.WithPath("/tmp/other.duckdb");
        Assert.Equal("/tmp/other.duckdb", copy.Path);
        Assert.Equal(StoreOptions.DefaultPath, options.Path);
        foreach (var property in typeof(StoreOptions).GetProperties().Where(p => p.Name != nameof(StoreOptions.Path)))
        {
            Assert.Equal(property.GetValue(options), property.GetValue(copy));
        }
    }

    private sealed class StepLog(ITestOutputHelper output, System.Diagnostics.Stopwatch clock) : IProgress<Ingestion.IngestProgress>
    {
        public void Report(Ingestion.IngestProgress value) => output.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.00}s {Path.GetFileName(value.File)} {value.Step}");
    }
}
