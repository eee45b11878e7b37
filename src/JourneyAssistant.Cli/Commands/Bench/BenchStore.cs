using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Apparel;
using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>A benchmark's own store: the apparel sample at the asked size, written as canonical files and ingested.</summary>
internal static class BenchStore
{
    /// <summary>The PII key bench stores are hashed with, so they never need (or touch) a real one.</summary>
    public const string PiiKey = "bench-key";

    /// <summary>Writes <paramref name="people"/> people's canonical files to <paramref name="canonical"/> and ingests them into <paramref name="storePath"/>; returns the events accepted.</summary>
    public static async Task<long> GenerateAsync(CliHost host, int people, int seed, string canonical, string storePath, CancellationToken ct)
    {
        Console.Error.WriteLine($"generating {people:#,0} people / 生成数据…");
        var manifest = ApparelSampleGenerator.Write(new SampleOptions(People: people, Seed: seed, Canonical: true), canonical);
        await using var services = host.StoreServices(host.With(new Dictionary<string, string?> { ["Store:Path"] = storePath, ["Store:PiiKey"] = PiiKey }));
        var report = await services.GetRequiredService<IngestionService>().IngestAsync(manifest.Files, null, null, ct);
        Console.Error.WriteLine($"store ready: {report.Accepted:#,0} events / 条事件");
        return report.Accepted;
    }

    /// <summary>Deletes a benchmark's temp folder as far as it can: DuckDB may hold the files until the process exits, and the folder is disposable.</summary>
    public static void DeleteScratch(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up.
        }
    }
}
