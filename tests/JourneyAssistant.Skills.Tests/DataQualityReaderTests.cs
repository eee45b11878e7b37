using System.Text;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Vocabulary;
using JourneyAssistant.Testing;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

/// <summary>The data-quality caveat counts what the asker's scope and the answer's period hold, not the whole store (issue 14).</summary>
public sealed class DataQualityReaderTests
{
    [Fact]
    public async Task Unmapped_names_are_counted_in_the_askers_scope_and_period_and_quarantine_only_for_the_whole_store()
    {
        var folder = RepoPaths.NewScratchFolder("quality-scope");
        var options = new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "test-pii-key-0123456789", Threads = 2, MemoryLimit = "1GB" };
        var store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());
        var file = Path.Combine(folder, "events.csv");
        static string Row(int i, string channel, string region) =>
            $"q{i},2026-11-0{i}T10:00:00Z,web,{channel},landing_page,page_view,,,,,,,,c{i},,\"{{\"\"region\"\":\"\"{region}\"\"}}\"";
        await File.WriteAllTextAsync(file,
            "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties\n"
            + string.Join("\n", Row(1, "website", "华东"), Row(2, "website", "华东"), Row(3, "website", "华东"), Row(4, "Facebook", "华南"), Row(5, "Facebook", "华南"))
            + "\nq6,not-a-time,web,website,landing_page,page_view,,,,,,,,c6,,\n", new UTF8Encoding(false));
        var report = await new IngestionService(store).IngestAsync([file]);
        Assert.Equal((5, 1), (report.Accepted, report.Rejected));
        var skills = TestStore.Options();
        var executor = new SkillExecutor(() => new AnalysisDatabase(options.Path, skills), Shared.Guard, new ParameterBinder(TestDictionary.Instance),
            new DuckDbAuditLog(Path.Combine(folder, "audit.duckdb")), [], skills, "Asia/Shanghai");
        var reader = new DataQualityReader(executor, new DataQualityNotes(store));
        ExecutionContext In(params string[] regions) =>
            new("u", "test", null, regions.Length == 0 ? DataScope.All : DataScope.Restricted([new RowFilter("region", regions)]));

        var all = await reader.ReadAsync(In());
        var south = await reader.ReadAsync(In("华南"));
        var east = await reader.CaveatAsync(In("华东"), Language.Zh);

        Assert.Equal((5L, 2L, 1L), (all!.Events, all.UnmappedEvents, all.Quarantined));
        Assert.Equal(["Facebook"], all.TopUnmapped);
        Assert.Equal((2L, 2L, 0L), (south!.Events, south.UnmappedEvents, south.Quarantined));
        Assert.Contains("2 条事件（100.0%）", south.Caveat(Language.Zh));
        Assert.Null(east); // nothing in 华东 is unmapped, and the quarantine is not theirs to see

        // The answer's own period: Facebook's rows are on 4–5 November only.
        var early = await reader.ReadAsync(In(), new DateRange(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 3), "test"));
        var late = await reader.ReadAsync(In(), new DateRange(new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 5), "test"));
        Assert.Equal((3L, 0L), (early!.Events, early.UnmappedEvents));
        Assert.Equal((2L, 2L), (late!.Events, late.UnmappedEvents));
    }
}
