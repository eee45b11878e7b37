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

    [Fact]
    public async Task An_ingest_meeting_another_writer_waits_its_turn_instead_of_failing()
    {
        var journey = new JourneyProcess(RepoPaths.NewScratchFolder("ingest-queue"));
        Assert.Equal(0, (await journey.RunAsync("db", "info")).ExitCode);
        var file = Path.Combine(journey.Scratch, "queued.csv");
        await File.WriteAllTextAsync(file,
            "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties\n"
            + "queued-1,2026-12-01T01:00:00Z,web,website,landing_page,page_view,,,,,,,,queued-cookie,,\n");
        // This test process plays the first ingest: it holds the write lock for longer than a reader would wait.
        var writer = new DuckDBConnection($"Data Source={journey.StorePath}");
        await writer.OpenAsync();

        var second = journey.RunAsync("ingest", file);
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(second.IsCompleted, "the second ingest should still be waiting for the first");
        await writer.DisposeAsync();
        var outcome = await second;

        Assert.True(outcome.ExitCode == 0, outcome.StdErr);
        Assert.Contains("1", outcome.StdOut, StringComparison.Ordinal);
        await using var check = new DuckDBConnection($"Data Source={journey.StorePath};ACCESS_MODE=READ_ONLY");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT count(*) FROM touchpoint_events WHERE event_id = 'queued-1'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
