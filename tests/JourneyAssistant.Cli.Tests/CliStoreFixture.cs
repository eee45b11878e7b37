using System.Text.Json;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>One scratch store per test class, built by `journey ingest --json` over the committed sample exports.</summary>
public sealed class CliStoreFixture : IAsyncLifetime
{
    public JourneyProcess Journey { get; } = new(RepoPaths.NewScratchFolder("cli"));

    /// <summary>The single JSON object `journey ingest --json` printed.</summary>
    public JsonElement IngestReport { get; private set; }

    public int SampleRawRows { get; private set; }

    public async Task InitializeAsync()
    {
        var raw = Directory.GetFiles(Path.Combine(RepoPaths.SampleData, "raw")).Order(StringComparer.Ordinal).ToArray();
        SampleRawRows = raw.Sum(CountDataRows);
        // An explicit --db starts an empty store (the default store would first be built from the same sample).
        var outcome = await Journey.RunAsync(["ingest", .. raw, "--db", Journey.StorePath, "--json"]);
        Assert.True(outcome.ExitCode == 0, $"journey ingest failed ({outcome.ExitCode}): {outcome.StdErr}");
        IngestReport = JsonDocument.Parse(outcome.StdOut).RootElement.Clone();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // CSV has a header row; JSON Lines has none. Blank lines are not rows.
    private static int CountDataRows(string file)
    {
        var lines = File.ReadLines(file).Count(l => l.Length > 0);
        return file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? lines - 1 : lines;
    }
}
