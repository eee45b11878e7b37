using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using JourneyAssistant.Bot.Tests.Infrastructure;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// Issue 17 as ops would live it: the real bot (real analyst, store built from sample-data) answers, a daily file is
/// dropped into its inbox while it runs, and the same question asked again counts the new people — no restart.
/// </summary>
public sealed partial class InboxEndToEndTests
{
    [Fact]
    public async Task A_file_dropped_into_the_running_bots_inbox_is_in_the_next_answer()
    {
        var scratch = RepoPaths.NewScratchFolder("inbox-e2e");
        await using var host = new BotHostFactory(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(scratch, "journey.duckdb"),
            ["Store:SeedSample"] = "Always",
            ["Store:Inbox:PollSeconds"] = "0.2",
            ["Store:Inbox:StableSeconds"] = "0.3",
            ["Skills:AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
            ["Skills:ResultCache:DataVersionCheckSeconds"] = "0",
            ["Subscriptions:Path"] = Path.Combine(scratch, "subscriptions.json"),
        });
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        var chat = new DirectLineClient(http);
        await chat.StartAsync();
        const string question = "how many unique people are in the data";

        var before = await PeopleAsync(chat, question);
        var inbox = Path.Combine(scratch, "inbox");
        var file = Path.Combine(inbox, "daily.csv");
        Directory.CreateDirectory(inbox);
        await File.WriteAllTextAsync(file + ".part",
            "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties\n"
            + string.Join("\n", Enumerable.Range(1, 3).Select(i => $"inbox-{i},2026-11-22T0{i}:00:00+08:00,web,website,landing_page,page_view,,,,,,,,inbox-cookie-{i},,")) + "\n",
            new UTF8Encoding(false));
        File.Move(file + ".part", file);
        var report = await WaitForAsync(() => Directory.Exists(Path.Combine(inbox, "done"))
            ? Directory.GetFiles(Path.Combine(inbox, "done"), "*daily.csv.report.json").FirstOrDefault()
            : null);
        var after = await PeopleAsync(chat, question);

        Assert.Contains("\"accepted\": 3", await File.ReadAllTextAsync(report));
        Assert.Equal(before + 3, after);
    }

    private static async Task<long> PeopleAsync(DirectLineClient chat, string question)
    {
        var id = await chat.SendAsync(question);
        var (reply, _) = await chat.WaitForReplyAsync(id, TimeSpan.FromSeconds(90));
        var match = DistinctPeople().Match(reply.GetRawText());
        Assert.True(match.Success, reply.GetRawText());
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls for the inbox's report: the observable end of a load, not a sleep that passes when it is merely slow.</summary>
    private static async Task<string> WaitForAsync(Func<string?> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the inbox did not load daily.csv within 90 s");
    }

    [GeneratedRegex(@"there are ([\d,]+) distinct people")]
    private static partial Regex DistinctPeople();
}
