using JourneyAssistant.Analyst.Evaluation;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Retail;
using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Cli.Commands;

/// <summary>
/// The stores eval files name with <c>store:</c>: a generated company's files ingested into a store of their own (never
/// on top of our sample), built once under data/eval-stores/&lt;company-people-seed&gt;/ and reused.
/// </summary>
internal static class EvalStores
{
    public static async Task<string> EnsureAsync(CliHost host, EvalStore store, CancellationToken ct)
    {
        var folder = Path.Combine(host.ContentRoot, "data", "eval-stores", store.Key);
        var db = Path.Combine(folder, "store.duckdb");
        if (File.Exists(db))
        {
            return db;
        }

        // Built beside the final folder and moved into place, so an interrupted build is never taken for a finished one.
        var building = folder + ".building";
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }

        var files = Path.Combine(building, "files");
        RetailSampleGenerator.Write(new SampleOptions(People: store.People, Seed: store.Seed, EndDate: new DateOnly(2026, 11, 22)), files);
        await using (var services = host.StoreServices(host.With(new Dictionary<string, string?> { ["Store:Path"] = Path.Combine(building, "store.duckdb") })))
        {
            var csv = Directory.EnumerateFiles(files, "*.csv").Order(StringComparer.Ordinal).ToList();
            await services.GetRequiredService<IngestionService>().IngestAsync(csv, null, null, ct);
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.Move(building, folder);
        return db;
    }
}
