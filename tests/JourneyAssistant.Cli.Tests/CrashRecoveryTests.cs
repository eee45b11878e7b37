using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>
/// A real `journey ingest` killed (SIGKILL, through the JOURNEY_TEST_CRASH_AT hook) at each stage of a three-file ingest:
/// the next open of the store repairs stitching by itself, and re-running the ingest gives what a clean ingest gives.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string Header = "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties";

    // "step" is the step's first occurrence, "step#n" its n-th (file n for per-file steps).
    [Theory]
    [InlineData("read")]
    [InlineData("validate")]
    [InlineData("hash")]
    [InlineData("events")]
    [InlineData("identifiers#2")]
    [InlineData("commit#3")]
    [InlineData("stitch: shared identifiers")]
    [InlineData("stitch: components")]
    [InlineData("stitch: persons")]
    [InlineData("stitch: commit")]
    public async Task A_kill_at_any_stage_leaves_no_event_without_its_person_once_the_store_is_opened_again(string stage)
    {
        var clean = new JourneyProcess(RepoPaths.NewScratchFolder("crash-clean"));
        var cleanFiles = WriteFiles(clean.Scratch);
        Assert.Equal(0, (await clean.RunAsync(["ingest", .. cleanFiles, "--db", clean.StorePath, "--json"])).ExitCode);
        var expected = await SnapshotAsync(clean.StorePath);
        Assert.True(expected.Persons > 10, "the files should link into persons");

        var journey = new JourneyProcess(RepoPaths.NewScratchFolder("crash"));
        var files = WriteFiles(journey.Scratch);
        var crashed = await journey.RunAsync(new Dictionary<string, string> { ["JOURNEY_TEST_CRASH_AT"] = stage }, ["ingest", .. files, "--db", journey.StorePath, "--json"]);
        // 128 + SIGKILL: the process died at the hook, with no chance to clean up.
        Assert.True(crashed.ExitCode == 137, $"expected a kill at '{stage}', got exit {crashed.ExitCode}: {crashed.StdErr}");

        // Any next open repairs: here a read-only `db info`, nothing re-ingested.
        var info = await journey.RunAsync("db", "info", "--db", journey.StorePath, "--json");
        Assert.True(info.ExitCode == 0, info.StdErr);
        if (File.Exists(journey.StorePath))
        {
            var reopened = await SnapshotAsync(journey.StorePath);
            Assert.Equal(0, reopened.EventsWithoutPerson);
            if (stage.StartsWith("stitch", StringComparison.Ordinal))
            {
                // Every file was committed before stitching began: the repaired store is the clean one.
                Assert.Equal(expected, reopened);
            }
        }

        // Running the same ingest again stores what the killed run had not committed and ends where a clean run ends.
        var rerun = await journey.RunAsync(["ingest", .. files, "--db", journey.StorePath, "--json"]);
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        Assert.Equal(expected, await SnapshotAsync(journey.StorePath));
    }

    private sealed record Snapshot(long Events, long Persons, long EventsWithoutPerson, string Assignment);

    private static async Task<Snapshot> SnapshotAsync(string path)
    {
        await using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync();
        async Task<object?> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        }

        var events = Convert.ToInt64(await Scalar("SELECT count(*) FROM touchpoint_events"), CultureInfo.InvariantCulture);
        var persons = Convert.ToInt64(await Scalar("SELECT count(*) FROM persons"), CultureInfo.InvariantCulture);
        // An event with a usable (non-shared) identifier must have a person.
        var orphans = Convert.ToInt64(await Scalar("""
            SELECT count(*) FROM touchpoint_events e WHERE e.person_id IS NULL AND EXISTS (
                SELECT 1 FROM event_identifiers x JOIN identities i ON i.node_id = x.node_id WHERE x.event_key = e.event_key AND NOT i.is_shared)
            """), CultureInfo.InvariantCulture);
        var assignment = await Scalar("""
            SELECT string_agg(source || '/' || event_id || '=' || coalesce(CAST(person_id AS VARCHAR), '-'), ';' ORDER BY source, event_id)
            FROM touchpoint_events
            """) as string ?? "";
        return new Snapshot(events, persons, orphans, assignment);
    }

    /// <summary>Three canonical files whose identifiers link across files: cookies and phones (1), cookies and members (2), members and openids (3).</summary>
    private static string[] WriteFiles(string folder)
    {
        var paths = new List<string>();
        for (var file = 1; file <= 3; file++)
        {
            var text = new StringBuilder(Header).Append('\n');
            for (var i = 0; i < 120; i++)
            {
                var person = i % 40;
                var cookie = $"ck-{person:D4}-{i % 3}";
                var (member, phone, openId) = file switch
                {
                    1 => ("", $"139{person:D8}", ""),
                    2 => ($"M{person:D6}", "", ""),
                    _ => ($"M{person:D6}", "", $"oCrashTest{person:D6}Abcdefgh12"),
                };
                var cookieCol = file == 3 ? "" : cookie;
                var ts = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(file * 1000 + i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"f{file}-{i},{ts},web,website,,page_view,,,{member},{phone},{openId},,,{cookieCol},,\n");
            }

            var path = Path.Combine(folder, $"part{file}.csv");
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
            paths.Add(path);
        }

        return [.. paths];
    }
}
