using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Testing;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

/// <summary>
/// The analysis connection reads a snapshot of the analysis views, never the store file (issue 21, item 2), and an
/// executor moves to the store's new version when an ingest commits, without a restart (issue 17, item 2).
/// </summary>
public sealed class AnalysisSnapshotTests : IDisposable
{
    private static readonly string[] RawTables =
        ["touchpoint_events", "event_identifiers", "identities", "persons", "raw_tickets", "quarantine", "ingest_batches", "store_settings",
         "dict_aliases", "dict_events", "custom_names"];

    private readonly TestStore _store = new();

    [Fact]
    public void The_analysis_connection_attaches_no_file_that_holds_the_raw_tables()
    {
        using var database = new AnalysisDatabase(_store.StorePath, TestStore.Options());
        using var connection = database.Open(DataScope.All);

        var files = Column(connection, "SELECT coalesce(path, '') FROM duckdb_databases() WHERE NOT internal");
        Assert.DoesNotContain(Path.GetFullPath(_store.StorePath), files);
        var tables = Column(connection, "SELECT table_name FROM duckdb_tables()");
        Assert.Empty(tables.Intersect(RawTables, StringComparer.OrdinalIgnoreCase));
        // The analysis views are all there, with their rows.
        Assert.Equal(10L, Scalar(connection, "SELECT count(*) FROM journey_events"));
        foreach (var raw in RawTables)
        {
            Assert.ThrowsAny<DuckDBException>(() => Scalar(connection, $"SELECT count(*) FROM journey_store.main.{raw}"));
        }
    }

    [Fact]
    public async Task An_ingest_while_an_executor_serves_is_answered_by_its_next_execution()
    {
        var folder = RepoPaths.NewScratchFolder("live-store");
        var options = new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "test-pii-key-0123456789", Threads = 2, MemoryLimit = "1GB" };
        var ingestion = new IngestionService(new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded()));
        await ingestion.IngestAsync([Csv(folder, "day1.csv", 1, 2)]);
        var skills = TestStore.Options();
        skills.ResultCache.DataVersionCheckSeconds = 0;
        var executor = new SkillExecutor(() => new AnalysisDatabase(options.Path, skills), Shared.Guard, new ParameterBinder(TestDictionary.Instance),
            _store.Audit, [], skills, "Asia/Shanghai");
        const string count = "SELECT count(*) FROM journey_events";
        Assert.Equal(2L, (await executor.RunAdhocAsync(count, ExecutionContext.Local())).Rows[0][0]);
        var before = executor.SnapshotPath;

        // The executor holds its analysis database open; the store file is free for the writer all the same.
        var report = await ingestion.IngestAsync([Csv(folder, "day2.csv", 3, 5)]);

        Assert.Equal(3, report.Accepted);
        Assert.Equal(5L, (await executor.RunAdhocAsync(count, ExecutionContext.Local())).Rows[0][0]);
        Assert.NotEqual(before, executor.SnapshotPath);
    }

    private static string Csv(string folder, string name, int first, int last)
    {
        var lines = Enumerable.Range(first, last - first + 1)
            .Select(i => $"e{i},2026-11-0{i}T10:00:00Z,web,website,landing_page,page_view,,,,,,,,c{i},,");
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties\n"
            + string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static List<string> Column(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose() => _store.Dispose();
}
