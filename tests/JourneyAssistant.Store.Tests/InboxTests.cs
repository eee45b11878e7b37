using System.Text.Json;
using JourneyAssistant.Store.Ingestion.Inbox;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Store.Tests;

/// <summary>
/// The watched inbox (issue 17): a dropped file loads once it holds still, never half-written, and ends in done/ or failed/
/// with a report beside it; a load interrupted by a crash goes back to the inbox and the store stays as it was.
/// </summary>
public sealed class InboxTests
{
    private readonly TestStore _store = new("inbox");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero));
    private readonly IngestInbox _inbox;

    public InboxTests()
    {
        _inbox = new IngestInbox(_store.Ingestion, new InboxOptions { StableSeconds = 2 }, Path.Combine(_store.Folder, "inbox"), _clock);
        Directory.CreateDirectory(_inbox.Folder);
    }

    [Fact]
    public async Task A_dropped_file_loads_once_it_has_held_still_and_moves_to_done_with_its_report()
    {
        Drop("orders.csv", Row("e1", "u1"), Row("e2", "u2"), Row("e3", "u3"));

        Assert.Empty(await _inbox.ProcessReadyAsync()); // first sighting: not yet known to be complete
        _clock.Advance(TimeSpan.FromSeconds(3));
        var outcome = Assert.Single(await _inbox.ProcessReadyAsync());

        Assert.True(outcome.Loaded);
        Assert.Equal(3, outcome.Report!.Accepted);
        Assert.False(File.Exists(Path.Combine(_inbox.Folder, "orders.csv")));
        Assert.Equal("20261204-060003-orders.csv", Path.GetFileName(outcome.MovedTo));
        Assert.StartsWith(_inbox.DoneFolder, outcome.MovedTo, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(outcome.ReportPath));
        Assert.Equal("loaded", report.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(3, report.RootElement.GetProperty("accepted").GetInt64());
        Assert.Equal("orders.csv", report.RootElement.GetProperty("file").GetString());
        Assert.Equal(3L, (await _store.QueryAsync("SELECT count(*) FROM touchpoint_events"))[0][0]);
        Assert.Empty(await _inbox.ProcessReadyAsync()); // loaded once, not again
    }

    [Fact]
    public async Task A_file_still_growing_or_named_part_is_not_read_until_complete()
    {
        var growing = Drop("growing.csv", Row("g1", "u1"));
        Drop("sending.csv.part", Row("p1", "u2"));
        Assert.Empty(await _inbox.ProcessReadyAsync());
        _clock.Advance(TimeSpan.FromSeconds(3));
        File.AppendAllText(growing, Row("g2", "u1") + "\n"); // the copy is still running
        Assert.Empty(await _inbox.ProcessReadyAsync());
        _clock.Advance(TimeSpan.FromSeconds(3));
        var grown = Assert.Single(await _inbox.ProcessReadyAsync());
        Assert.Equal(("growing.csv", 2L), (grown.File, grown.Report!.Accepted));
        Assert.True(File.Exists(Path.Combine(_inbox.Folder, "sending.csv.part")));

        File.Move(Path.Combine(_inbox.Folder, "sending.csv.part"), Path.Combine(_inbox.Folder, "sending.csv"));
        await _inbox.ProcessReadyAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));
        var sent = Assert.Single(await _inbox.ProcessReadyAsync());

        Assert.Equal("sending.csv", sent.File);
        Assert.Equal(1, sent.Report!.Accepted);
        var rows = await _store.QueryAsync("SELECT count(*) FROM touchpoint_events");
        Assert.Equal(3L, rows[0][0]); // both lines of the grown file and the renamed one: nothing read half-written
    }

    [Fact]
    public async Task A_file_the_store_cannot_load_moves_to_failed_with_the_reason_and_the_store_is_unchanged()
    {
        Drop("good.csv", Row("e1", "u1"));
        Drop("notes.docx", "not touchpoints");
        File.WriteAllBytes(Path.Combine(_inbox.Folder, "broken.parquet"), [0x50, 0x41, 0x52, 0x31, 0x00, 0x01]);
        await _inbox.ProcessReadyAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));

        var outcomes = await _inbox.ProcessReadyAsync();

        Assert.Equal(["broken.parquet", "good.csv", "notes.docx"], outcomes.Select(o => o.File));
        foreach (var failed in outcomes.Where(o => o.File != "good.csv"))
        {
            Assert.False(failed.Loaded);
            Assert.StartsWith(_inbox.FailedFolder, failed.MovedTo, StringComparison.Ordinal);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(failed.ReportPath));
            Assert.Equal("failed", report.RootElement.GetProperty("outcome").GetString());
            Assert.False(string.IsNullOrWhiteSpace(report.RootElement.GetProperty("error").GetString()));
        }

        Assert.Contains("not a touchpoint file", outcomes.Single(o => o.File == "notes.docx").Error, StringComparison.Ordinal);
        Assert.Equal(1L, (await _store.QueryAsync("SELECT count(*) FROM touchpoint_events"))[0][0]);
    }

    [Fact]
    public async Task A_load_interrupted_by_a_crash_goes_back_to_the_inbox_and_loads_once()
    {
        // What a kill mid-ingest leaves: the file in done/ under its stored name, no report, nothing committed.
        Directory.CreateDirectory(_inbox.DoneFolder);
        File.WriteAllText(Path.Combine(_inbox.DoneFolder, "20261203-220000-daily.csv"), TestStore.Header + "\n" + Row("d1", "u1") + "\n" + Row("d2", "u2") + "\n");
        // A completed one beside it stays where it is.
        File.WriteAllText(Path.Combine(_inbox.DoneFolder, "20261202-220000-daily.csv"), "old");
        File.WriteAllText(Path.Combine(_inbox.DoneFolder, "20261202-220000-daily.csv" + ".report.json"), "{}");

        Assert.Equal(1, _inbox.Recover());
        Assert.True(File.Exists(Path.Combine(_inbox.Folder, "daily.csv")));
        Assert.True(File.Exists(Path.Combine(_inbox.DoneFolder, "20261202-220000-daily.csv")));

        await _inbox.ProcessReadyAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));
        var outcome = Assert.Single(await _inbox.ProcessReadyAsync());
        Assert.Equal(2, outcome.Report!.Accepted);
        Assert.Equal(0, _inbox.Recover());
    }

    [Fact]
    public async Task Files_dropped_together_are_loaded_one_after_another_in_name_order()
    {
        Drop("b.csv", Row("b1", "u1"));
        Drop("a.csv", Row("a1", "u2"), Row("b1x", "u3"));
        Drop("c.csv", Row("b1", "u1")); // the same event again: a duplicate, not a new row
        await _inbox.ProcessReadyAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));

        var outcomes = await _inbox.ProcessReadyAsync();

        Assert.Equal(["a.csv", "b.csv", "c.csv"], outcomes.Select(o => o.File));
        Assert.All(outcomes, o => Assert.True(o.Loaded));
        Assert.Equal(1, outcomes[2].Report!.Duplicates);
        Assert.Equal(3L, (await _store.QueryAsync("SELECT count(*) FROM touchpoint_events"))[0][0]);
    }

    [Fact]
    public void The_inbox_is_beside_the_store_unless_configured()
    {
        Assert.Equal(Path.Combine(_store.Folder, "inbox"), IngestInbox.FolderFor(new InboxOptions(), "/srv/journey", _store.Options.Path));
        Assert.Equal("/srv/journey/drop", IngestInbox.FolderFor(new InboxOptions { Path = "drop" }, "/srv/journey", _store.Options.Path));
    }

    private static string Row(string eventId, string userId) =>
        TestStore.Row(eventId, "2026-11-20T10:00:00+08:00", "page_view", touchpoint: "landing_page", userId: userId);

    private string Drop(string name, params string[] lines)
    {
        var path = Path.Combine(_inbox.Folder, name);
        File.WriteAllText(path, TestStore.Header + "\n" + string.Join("\n", lines) + "\n");
        return path;
    }
}
