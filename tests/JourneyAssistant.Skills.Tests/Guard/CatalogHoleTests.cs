namespace JourneyAssistant.Skills.Tests.Guard;

/// <summary>
/// Issue 21: a CTE that takes a catalog view's name and reads the real view in its own body (a recursive CTE's anchor,
/// or a plain CTE's body) passed the guard and ran. Both gates must refuse it on their own.
/// </summary>
public sealed class CatalogHoleTests
{
    public static TheoryData<string> CatalogViews => new() { "duckdb_databases", "pg_settings", "duckdb_tables", "duckdb_views", "pg_tables", "sqlite_master" };

    private static string RecursiveAnchor(string view) =>
        $"WITH RECURSIVE {view} AS (SELECT * FROM {view} UNION ALL SELECT * FROM {view} WHERE false) SELECT * FROM {view}";

    private static string PlainShadow(string view) => $"WITH {view} AS (SELECT * FROM {view}) SELECT * FROM {view}";

    [Fact]
    public void The_statement_from_the_issue_is_refused()
    {
        const string sql = """
            WITH RECURSIVE duckdb_databases AS (
              SELECT database_name, path, readonly FROM duckdb_databases
              UNION ALL SELECT database_name, path, readonly FROM duckdb_databases WHERE false)
            SELECT * FROM duckdb_databases
            """;

        var verdict = Shared.Guard.Check(sql);

        Assert.False(verdict.Allowed, "the recursive-anchor catalog read passed the parser gate");
        Assert.Contains("duckdb_databases", verdict.Reason!.En);
    }

    [Theory]
    [MemberData(nameof(CatalogViews))]
    public void Parser_gate_refuses_a_recursive_cte_whose_anchor_reads_the_catalog_view_it_shadows(string view)
    {
        Assert.False(Shared.Guard.Check(RecursiveAnchor(view)).Allowed);
    }

    [Theory]
    [MemberData(nameof(CatalogViews))]
    public void Parser_gate_refuses_a_cte_whose_body_reads_the_catalog_view_it_shadows(string view)
    {
        Assert.False(Shared.Guard.Check(PlainShadow(view)).Allowed);
    }

    [Fact]
    public void A_recursive_cte_still_reads_itself_in_its_recursive_part()
    {
        var verdict = Shared.Guard.Check("WITH RECURSIVE journey_path(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM journey_path WHERE n < 3) SELECT n FROM journey_path");

        Assert.True(verdict.Allowed, verdict.Reason?.En);
    }
}
