using System.Text.Json;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>
/// A company's own store file holds only what it loads (the real binary, as a new user runs it): pointing Store:Path at a
/// new file and ingesting used to build our sample's 104k events into it first, and asking a mistyped --db path was
/// answered from a silently created empty store.
/// </summary>
public sealed class OwnStoreTests
{
    private static readonly Dictionary<string, string> AsInstalled = new() { ["JOURNEY__Store__SeedSample"] = "DefaultStoreOnly" };

    [Fact]
    public async Task Ingest_into_a_configured_store_of_its_own_holds_only_that_files_rows()
    {
        var journey = new JourneyProcess(RepoPaths.NewScratchFolder("own-store"));
        var example = Path.Combine(RepoPaths.Root, "sample-data", "canonical", "example.csv");

        var ingest = await journey.RunAsync(AsInstalled, "ingest", example, "--json");
        Assert.Equal(0, ingest.ExitCode);
        var accepted = JsonDocument.Parse(ingest.StdOut).RootElement.GetProperty("accepted").GetInt64();
        Assert.InRange(accepted, 1, 100);

        var count = await journey.RunAsync(AsInstalled, "sql", "SELECT count(*) AS n FROM journey_events", "--json");
        Assert.Equal(0, count.ExitCode);
        Assert.Equal(accepted, JsonDocument.Parse(count.StdOut).RootElement.GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task Asking_a_store_path_that_does_not_exist_says_so_in_one_line_and_creates_nothing()
    {
        var journey = new JourneyProcess(RepoPaths.NewScratchFolder("own-store-missing"));
        var missing = Path.Combine(journey.Scratch, "acme", "typo.duckdb");

        var outcome = await journey.RunAsync(AsInstalled, "ask", "总收入是多少？", "--db", missing);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"no store at {missing}", line, StringComparison.Ordinal);
        Assert.Contains("数据库不存在", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.StdErr + outcome.StdOut, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
