using DuckDB.NET.Data;
using JourneyAssistant.Charts;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Skills.Transforms;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

/// <summary>
/// A small real DuckDB store with the documented analysis views (docs/ARCHITECTURE.md) over raw tables, so the guard,
/// executor, scope and audit are tested without depending on the sample data.
/// Rows: 6 people in 华东 (p1, p2, p3), 华北 (p4, p5) and 华南 (p6); channels website, store, mini_program.
/// </summary>
public sealed class TestStore : IDisposable
{
    public TestStore()
    {
        Folder = RepoPaths.NewScratchFolder("skills-store");
        StorePath = Path.Combine(Folder, "journey.duckdb");
        AuditPath = Path.Combine(Folder, "audit.duckdb");
        using var connection = new DuckDBConnection($"Data Source={StorePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public string Folder { get; }

    public string StorePath { get; }

    public string AuditPath { get; }

    /// <summary>An executor over this store with the given limits.</summary>
    public SkillExecutor Executor(int timeoutSeconds = 10, int rowLimit = 10_000, IEnumerable<ISkillTransform>? transforms = null, IAuditLog? audit = null) =>
        new(
            () => new AnalysisDatabase(StorePath, Options(timeoutSeconds, rowLimit)),
            Shared.Guard,
            new ParameterBinder(TestDictionary.Instance),
            audit ?? Audit,
            transforms ?? [],
            Options(timeoutSeconds, rowLimit),
            "Asia/Shanghai");

    public DuckDbAuditLog Audit => _audit ??= new DuckDbAuditLog(AuditPath);

    private DuckDbAuditLog? _audit;

    public static SkillsOptions Options(int timeoutSeconds = 10, int rowLimit = 10_000) =>
        new() { QueryTimeoutSeconds = timeoutSeconds, RowLimit = rowLimit, MemoryLimit = "1GB", Threads = 2 };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A DuckDB instance may still hold the file until finalization; the scratch folder is disposable.
        }
    }

    private const string Schema = """
        CREATE TABLE touchpoint_events (event_key VARCHAR, person_id VARCHAR, channel VARCHAR, touchpoint VARCHAR, event VARCHAR,
            stage VARCHAR, occurred_at TIMESTAMPTZ, amount DECIMAL(12,2), region VARCHAR);
        CREATE TABLE event_identifiers (event_key VARCHAR, id_type VARCHAR, id_hash VARCHAR);
        CREATE TABLE identities (id_type VARCHAR, id_hash VARCHAR, person_id VARCHAR);
        CREATE TABLE persons (person_id VARCHAR, region VARCHAR, first_channel VARCHAR);
        CREATE TABLE raw_tickets (ticket_id VARCHAR, person_id VARCHAR, service_channel VARCHAR, region VARCHAR, resolution_hours DOUBLE);
        INSERT INTO persons VALUES ('p1','华东','website'), ('p2','华东','store'), ('p3','华东','mini_program'), ('p4','华北','website'), ('p5','华北','store'), ('p6','华南','website');
        INSERT INTO touchpoint_events VALUES
          ('e01','p1','website','landing_page','page_view','interest', TIMESTAMPTZ '2026-11-02 02:00:00+00', NULL, '华东'),
          ('e02','p1','website','product_page','product_view','consideration', TIMESTAMPTZ '2026-11-02 02:05:00+00', NULL, '华东'),
          ('e03','p1','website','payment','payment_success','purchase', TIMESTAMPTZ '2026-11-02 02:10:00+00', 199.00, '华东'),
          ('e04','p2','store','store_pos','store_purchase','purchase', TIMESTAMPTZ '2026-11-03 03:00:00+00', 520.50, '华东'),
          ('e05','p3','mini_program','landing_page','page_view','interest', TIMESTAMPTZ '2026-11-04 04:00:00+00', NULL, '华东'),
          ('e06','p4','website','landing_page','page_view','interest', TIMESTAMPTZ '2026-11-05 05:00:00+00', NULL, '华北'),
          ('e07','p4','website','payment','payment_success','purchase', TIMESTAMPTZ '2026-11-05 05:30:00+00', 88.00, '华北'),
          ('e08','p5','store','store_pos','store_purchase','purchase', TIMESTAMPTZ '2026-11-06 06:00:00+00', 1200.00, '华北'),
          ('e09','p6','website','landing_page','page_view','interest', TIMESTAMPTZ '2026-11-07 07:00:00+00', NULL, '华南'),
          ('e10','p6','website','product_page','product_view','consideration', TIMESTAMPTZ '2026-11-20 07:00:00+00', NULL, '华南');
        INSERT INTO event_identifiers VALUES ('e01','phone','hash-secret-1');
        INSERT INTO identities VALUES ('phone','hash-secret-1','p1');
        INSERT INTO raw_tickets VALUES ('t1','p1','phone','华东',4.5), ('t2','p4','online_chat','华北',10.0), ('t3','p6','phone','华南',2.0);

        CREATE VIEW journey_events AS
          SELECT event_key, person_id, channel, touchpoint, event, stage,
                 event IN ('payment_success','store_purchase') AS is_conversion,
                 occurred_at, CAST(timezone('Asia/Shanghai', occurred_at) AS DATE) AS local_date, amount, region
          FROM touchpoint_events;
        CREATE VIEW people AS SELECT person_id, region, first_channel FROM persons;
        CREATE VIEW orders AS SELECT event_key, person_id, channel, region, local_date, amount FROM journey_events WHERE is_conversion;
        CREATE VIEW tickets AS SELECT ticket_id, person_id, service_channel, region, resolution_hours FROM raw_tickets;
        CREATE VIEW survey_responses AS SELECT event_key, person_id, touchpoint, channel, region, 9 AS nps FROM journey_events WHERE touchpoint = 'payment';
        CREATE VIEW dim_channels AS SELECT * FROM (VALUES ('website','官网','Website'), ('store','门店','Store'), ('mini_program','小程序','Mini Program')) t(id, label_zh, label_en);
        CREATE VIEW identity_coverage AS SELECT id_type, count(*) AS identifiers, count(DISTINCT person_id) AS persons, 0 AS shared_identifiers FROM identities GROUP BY id_type;
        """;
}

/// <summary>Process-wide parts that are expensive to create and safe to share.</summary>
internal static class Shared
{
    public static readonly SqlGuard Guard = new();

    /// <summary>The chart kinds the chart renderers register, as the hosts give them to the skill validator.</summary>
    public static readonly ChartKindRegistry ChartKinds = RenderedChartKinds.Registry();
}
