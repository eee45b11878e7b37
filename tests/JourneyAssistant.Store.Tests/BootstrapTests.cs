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
        var folder = RepoPaths.NewScratchFolder("bootstrap");
        var options = new StoreOptions
        {
            Path = Path.Combine(folder, "data", "journey.duckdb"),
            SampleDataPath = RepoPaths.SampleData,
            PiiKey = TestStore.Key,
        };
        var store = new JourneyStore(options, RepoPaths.Root, JourneyDictionary.LoadEmbedded());
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

    private sealed class StepLog(ITestOutputHelper output, System.Diagnostics.Stopwatch clock) : IProgress<Ingestion.IngestProgress>
    {
        public void Report(Ingestion.IngestProgress value) => output.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.00}s {Path.GetFileName(value.File)} {value.Step}");
    }
}
