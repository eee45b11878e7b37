using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

public sealed class SqlGuardTests
{
    private static readonly string DeepParentheses = "SELECT " + new string('(', 60) + "1" + new string(')', 60);

    private static readonly string DeepSubqueries =
        string.Concat(Enumerable.Repeat("SELECT * FROM (", 20)) + "SELECT 1 AS x" + string.Concat(Enumerable.Repeat(") s", 20));

    /// <summary>Inputs an attacker (or a confused model) might send; every one must be refused before DuckDB runs it.</summary>
    public static TheoryData<string> Hostile => new()
    {
        // multiple statements, including ones hidden behind comments and strings
        "SELECT 1; SELECT 2",
        "SELECT * FROM journey_events; DROP VIEW journey_events",
        "SELECT 1 /* harmless */; DELETE FROM touchpoint_events",
        "SELECT 'a;b' AS x; DROP TABLE persons",
        "SELECT 1 -- harmless\n; INSERT INTO persons VALUES ('x', 'y', 'z')",
        "SELECT 1 FROM journey_events WHERE 1 = 1 /* ; DROP TABLE persons */ ; DROP TABLE persons",
        "SELECT '--' AS a; UPDATE persons SET region = 'x'",
        // DDL / DML, also inside CTEs
        "DROP TABLE touchpoint_events",
        "DELETE FROM touchpoint_events",
        "UPDATE persons SET region = 'x'",
        "INSERT INTO persons SELECT * FROM persons",
        "CREATE TABLE x AS SELECT * FROM journey_events",
        "CREATE OR REPLACE TEMP VIEW journey_events AS SELECT * FROM touchpoint_events",
        "CREATE MACRO m() AS 1",
        "ALTER TABLE persons ADD COLUMN z INTEGER",
        "WITH x AS (DELETE FROM persons RETURNING *) SELECT * FROM x",
        "WITH x AS (INSERT INTO persons VALUES ('a', 'b', 'c') RETURNING *) SELECT 1",
        // files and URLs
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
        "SELECT * FROM read_json('https://example.com/x.json')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM parquet_metadata('/tmp/x.parquet')",
        "SELECT count(*) FROM journey_events WHERE channel IN (SELECT content FROM read_text('/etc/passwd'))",
        "SELECT * FROM generate_series(1, 10) g, read_csv('/etc/passwd') f",
        // other statements
        "ATTACH '/tmp/x.duckdb' AS x",
        "DETACH journey",
        "USE memory",
        "COPY (SELECT * FROM journey_events) TO '/tmp/out.csv'",
        "COPY persons FROM '/tmp/in.csv'",
        "EXPORT DATABASE '/tmp/export'",
        "PRAGMA table_info('persons')",
        "PRAGMA enable_profiling",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET memory_limit",
        "INSTALL httpfs",
        "LOAD httpfs",
        "CALL duckdb_tables()",
        "VACUUM",
        "CHECKPOINT",
        "BEGIN TRANSACTION",
        "PREPARE p AS SELECT 1",
        "EXECUTE p",
        // settings, environment and catalog probing
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM duckdb_tables()",
        "SELECT (SELECT count(*) FROM duckdb_columns()) AS n",
        "SELECT current_setting('memory_limit')",
        "SELECT getenv('HOME')",
        "SELECT * FROM information_schema.tables",
        "SELECT * FROM sqlite_master",
        "SELECT * FROM pg_catalog.pg_tables",
        "DESCRIBE journey_events",
        "SHOW TABLES",
        "SUMMARIZE journey_events",
        "SELECT * FROM query('SELECT * FROM persons')",
        "SELECT * FROM query_table('persons')",
        "SELECT json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
        "SELECT nextval('seq')",
        // raw tables and qualified names that would bypass the analysis views and the data scope
        "SELECT * FROM touchpoint_events",
        "SELECT * FROM \"touchpoint_events\"",
        "SELECT id_hash FROM event_identifiers",
        "SELECT * FROM identities",
        "FROM persons",
        "SELECT * FROM main.touchpoint_events",
        "SELECT * FROM main.journey_events",
        "SELECT * FROM journey.main.journey_events",
        "SELECT * FROM temp.journey_events",
        "SELECT channel FROM journey_events UNION ALL SELECT region FROM persons",
        "WITH touchpoint_events AS (SELECT * FROM touchpoint_events) SELECT * FROM touchpoint_events",
        "WITH a AS (SELECT * FROM b), b AS (SELECT * FROM persons) SELECT * FROM a",
        // nesting
        DeepParentheses,
        DeepSubqueries,
        "",
        "   ",
    };

    /// <summary>Queries an analyst legitimately writes.</summary>
    public static TheoryData<string> Legitimate => new()
    {
        "SELECT channel, count(DISTINCT person_id) AS people FROM journey_events GROUP BY channel ORDER BY people DESC",
        "WITH conv AS (SELECT person_id FROM orders) SELECT count(*) AS buyers FROM conv",
        "SELECT channel FROM journey_events UNION SELECT service_channel FROM tickets",
        "SELECT person_id, touchpoint, row_number() OVER (PARTITION BY person_id ORDER BY occurred_at) AS step FROM journey_events",
        "SELECT d.range AS day FROM range(DATE '2026-11-01', DATE '2026-11-08', INTERVAL 1 DAY) d",
        "SELECT unnest([1, 2, 3]) AS x",
        "SELECT c.label_zh, count(*) AS events FROM journey_events e JOIN dim_channels c ON c.id = e.channel GROUP BY 1",
        "SELECT 1 AS one -- DROP TABLE persons",
        "SELECT 'DROP TABLE persons; --' AS text",
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) AS total FROM t",
        "FROM journey_events SELECT count(*) AS events",
        "SELECT person_id FROM journey_events QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY occurred_at) = 1",
        "SELECT * FROM (SELECT region, sum(amount) AS revenue FROM orders GROUP BY region) r WHERE revenue > 100",
        "SELECT service_channel, median(resolution_hours) AS median_h, quantile_cont(resolution_hours, 0.9) AS p90_h FROM tickets GROUP BY 1",
        "SELECT count(*) AS people FROM people;",
        "SELECT id_type, persons FROM identity_coverage",
        "WITH a AS (SELECT person_id FROM journey_events), b AS (SELECT person_id FROM a) SELECT count(*) AS n FROM b",
        "SELECT region, count(*) FILTER (WHERE is_conversion) AS conversions FROM journey_events GROUP BY ALL",
        "SELECT g.generate_series AS n FROM generate_series(1, 3) g",
        "SELECT touchpoint, nps FROM survey_responses WHERE person_id IN (SELECT person_id FROM people WHERE region = '华东')",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Guard_rejects_hostile_sql_with_a_reason_in_both_languages(string sql)
    {
        var verdict = Shared.Guard.Check(sql);

        Assert.False(verdict.Allowed, $"The guard allowed: {sql}");
        Assert.NotNull(verdict.Reason);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason.Zh));
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason.En));
    }

    [Theory]
    [MemberData(nameof(Legitimate))]
    public void Guard_accepts_legitimate_analyst_queries(string sql)
    {
        var verdict = Shared.Guard.Check(sql);

        Assert.True(verdict.Allowed, verdict.Reason?.En);
    }

    [Fact]
    public void Hostile_corpus_has_at_least_forty_inputs()
    {
        Assert.True(Hostile.Count >= 40, $"only {Hostile.Count} hostile inputs");
    }

    [Fact]
    public void Guard_names_the_forbidden_function()
    {
        var verdict = Shared.Guard.Check("SELECT * FROM read_csv('/etc/passwd')");

        Assert.Contains("read_csv", verdict.Reason!.En);
        Assert.Contains("read_csv", verdict.Reason.Zh);
    }

    [Fact]
    public void Guard_names_the_relation_that_is_not_an_analysis_view()
    {
        var verdict = Shared.Guard.Check("SELECT * FROM main.touchpoint_events");

        Assert.Contains("main.touchpoint_events", verdict.Reason!.En);
    }

    [Fact]
    public void Guard_explains_that_only_one_select_may_run()
    {
        var verdict = Shared.Guard.Check("DROP TABLE persons");

        Assert.Contains("single SELECT", verdict.Reason!.En);
        Assert.Contains("SELECT", verdict.Reason.Zh);
    }

    [Fact]
    public void Guard_reports_named_parameters_and_relations_used()
    {
        var verdict = Shared.Guard.Check(
            "WITH x AS (SELECT * FROM journey_events WHERE local_date BETWEEN $period_start AND $period_end) SELECT count(*) FROM x JOIN people USING (person_id) WHERE $channel IS NULL");

        Assert.True(verdict.Allowed, verdict.Reason?.En);
        Assert.Equal(["channel", "period_end", "period_start"], verdict.Parameters.Order());
        Assert.Equal(["journey_events", "people"], verdict.Relations.Order());
    }

    [Fact]
    public async Task Legitimate_queries_without_parameters_run_on_a_real_store()
    {
        using var store = new TestStore();
        var executor = store.Executor();
        foreach (var sql in ((IEnumerable<object[]>)Legitimate).Select(row => (string)row[0]))
        {
            var result = await executor.RunAdhocAsync(sql, ExecutionContext.Local());
            Assert.NotEmpty(result.Columns);
        }
    }
}
