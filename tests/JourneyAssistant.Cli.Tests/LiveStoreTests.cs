using System.Text;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Testing;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Tests;

/// <summary>
/// A long-running reader (this test process, as the bot is) keeps answering while `journey ingest` in another process
/// writes the store, and its next answer includes the new rows, with no restart (issue 17, item 2).
/// </summary>
public sealed class LiveStoreTests
{
    [Fact]
    public async Task An_ingest_in_another_process_is_answered_by_a_running_executor()
    {
        var journey = new JourneyProcess(RepoPaths.NewScratchFolder("live-store"));
        Assert.Equal(0, (await journey.RunAsync("db", "info")).ExitCode);
        var options = new SkillsOptions { MemoryLimit = "1GB", Threads = 2 };
        options.ResultCache.DataVersionCheckSeconds = 0;
        var executor = new SkillExecutor(() => new AnalysisDatabase(journey.StorePath, options), new SqlGuard(),
            new ParameterBinder(JourneyDictionary.LoadEmbedded()), new DuckDbAuditLog(Path.Combine(journey.Scratch, "reader-audit.duckdb")), [],
            options, "Asia/Shanghai");
        const string sql = "SELECT count(*) FROM journey_events WHERE event = 'page_view' AND local_date = DATE '2026-12-01'";
        Assert.Equal(0L, (await executor.RunAdhocAsync(sql, JourneyAssistant.Skills.Execution.ExecutionContext.Local())).Rows[0][0]);

        var file = Path.Combine(journey.Scratch, "december.csv");
        await File.WriteAllTextAsync(file,
            "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties\n"
            + string.Join("\n", Enumerable.Range(1, 3).Select(i => $"live-{i},2026-12-01T0{i}:00:00Z,web,website,landing_page,page_view,,,,,,,,live-cookie-{i},,")) + "\n",
            new UTF8Encoding(false));
        var ingest = await journey.RunAsync("ingest", file);

        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        Assert.Equal(3L, (await executor.RunAdhocAsync(sql, JourneyAssistant.Skills.Execution.ExecutionContext.Local())).Rows[0][0]);
    }
}
