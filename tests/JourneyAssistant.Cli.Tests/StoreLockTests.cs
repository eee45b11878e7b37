using DuckDB.NET.Data;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>A reader that meets another process's write lock (an ingest running) gets one clear line, never a stack trace.</summary>
public sealed class StoreLockTests
{
    [Fact]
    public async Task A_reader_meeting_the_writers_lock_gets_one_bilingual_line()
    {
        var journey = new JourneyProcess(RepoPaths.NewScratchFolder("store-lock"));
        // This test process plays the ingest: it holds the store open for writing while `journey sql` starts.
        await using var writer = new DuckDBConnection($"Data Source={journey.StorePath}");
        await writer.OpenAsync();
        await using (var command = writer.CreateCommand())
        {
            command.CommandText = "CREATE TABLE held(x INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        var outcome = await journey.RunAsync("sql", "SELECT count(*) FROM journey_events");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("the store is being loaded; try again in a moment", outcome.StdErr);
        Assert.Contains("请稍后再试", outcome.StdErr);
        Assert.DoesNotContain("   at ", outcome.StdErr);
        Assert.DoesNotContain("Exception", outcome.StdErr);
        Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("try again", StringComparison.Ordinal));
    }
}
