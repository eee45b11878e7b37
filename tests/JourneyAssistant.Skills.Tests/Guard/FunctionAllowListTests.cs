using JourneyAssistant.Skills.Guard;

namespace JourneyAssistant.Skills.Tests.Guard;

/// <summary>Issue 21 item 3: functions by allow-list; item 4: list and string generators bounded before they run.</summary>
public sealed class FunctionAllowListTests
{
    public static TheoryData<string> RefusedCalls => new()
    {
        "SELECT write_log('x', level := 'error')",
        "SELECT sleep_ms(25000)",
        "SELECT current_setting('memory_limit')",
        "SELECT version()",
        "SELECT getvariable('x')",
        "SELECT stats(channel) FROM journey_events",
        "SELECT txid_current()",
        "SELECT current_query()",
        "SELECT current_database()",
        "SELECT json_serialize_plan('SELECT 1')",
        "SELECT json_deserialize_sql('{}')",
        "SELECT get_block_size('memory')",
        "SELECT channel FROM journey_events WHERE sleep_ms(100) IS NULL",
        "SELECT count(*) FILTER (WHERE write_log('x') IS NULL) FROM journey_events",
        "SELECT row_number() OVER (ORDER BY write_log('x'))",
    };

    public static TheoryData<string> OversizedGenerators => new()
    {
        "SELECT len(range(400000000)) AS n",
        "SELECT list_sort(range(400000000)) AS l",
        "SELECT len(generate_series(1, 400000000)) AS n",
        "SELECT len(range(20000 * 20000)) AS n",
        "SELECT len(range(0, 4e8::BIGINT, 1)) AS n",
        "SELECT len(range(TIMESTAMP '1970-01-01', TIMESTAMP '2100-01-01', INTERVAL 1 SECOND)) AS n",
        "SELECT len(range(DATE '1970-01-01', DATE '2100-01-01', INTERVAL '1 minute')) AS n",
        "SELECT repeat('x', 2000000000) AS s",
        "SELECT repeat('abcdefghij', 100000000) AS s",
        "SELECT lpad('x', 999999999, 'y') AS s",
        "SELECT list_resize([1], 1000000000) AS l",
        "SELECT len(range((SELECT count(*) FROM journey_events) * 100000000)) AS n",
        "SELECT len(range(amount::BIGINT)) FROM orders",
    };

    public static TheoryData<string> BoundedGenerators => new()
    {
        "SELECT len(range(0, 1000)) AS n",
        "SELECT unnest(range(DATE '2026-11-01', DATE '2026-12-01', INTERVAL 1 DAY)) AS day",
        "SELECT repeat('x', 200000000) AS s",
        "SELECT count(*) AS n FROM range(1000000000)",
        "SELECT lpad(month(local_date)::VARCHAR, 2, '0') AS m FROM journey_events",
    };

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public void Functions_off_the_allow_list_are_refused_by_name(string sql)
    {
        var verdict = Shared.Guard.Check(sql);

        Assert.False(verdict.Allowed, $"allowed: {sql}");
        Assert.Contains("()", verdict.Reason!.En);
        Assert.Contains("()", verdict.Reason.Zh);
    }

    [Theory]
    [MemberData(nameof(OversizedGenerators))]
    public void Oversized_list_and_string_generators_are_refused_before_they_run(string sql)
    {
        var verdict = Shared.Guard.Check(sql);

        Assert.False(verdict.Allowed, $"allowed: {sql}");
    }

    [Theory]
    [MemberData(nameof(BoundedGenerators))]
    public void Bounded_generators_pass(string sql)
    {
        var verdict = Shared.Guard.Check(sql);

        Assert.True(verdict.Allowed, verdict.Reason?.En);
    }

    [Theory]
    [InlineData("write_log")]
    [InlineData("sleep_ms")]
    [InlineData("getenv")]
    [InlineData("current_setting")]
    [InlineData("read_csv")]
    [InlineData("glob")]
    [InlineData("query")]
    [InlineData("query_table")]
    [InlineData("parquet_metadata")]
    [InlineData("which_secret")]
    [InlineData("duckdb_settings")]
    [InlineData("pragma_version")]
    [InlineData("nextval")]
    public void The_allow_list_holds_none_of_the_named_dangerous_functions(string name)
    {
        Assert.False(FunctionAllowList.Allows(name), name);
    }

    [Fact]
    public void The_allow_list_holds_the_everyday_functions()
    {
        Assert.All(["count_star", "sum", "avg", "date_trunc", "strftime", "row_number", "lag", "list_value", "regexp_matches", "~~", "+"],
            name => Assert.True(FunctionAllowList.Allows(name), name));
    }
}
