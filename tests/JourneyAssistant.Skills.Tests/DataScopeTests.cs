using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

public sealed class DataScopeTests : IDisposable
{
    private static readonly DataScope East = DataScope.Restricted([new RowFilter("region", ["华东"])]);
    private static readonly DataScope StoreChannel = DataScope.Restricted([new RowFilter("channel", ["store"])]);
    private readonly TestStore _store = new();

    private static ExecutionContext As(DataScope scope) => new("east-manager", "wecom", "所有渠道的转化率", scope, new DateOnly(2026, 11, 22));

    private async Task<List<object?[]>> Rows(string sql, DataScope scope) =>
        [.. (await _store.Executor().RunAdhocAsync(sql, As(scope))).Rows];

    [Fact]
    public async Task Restricted_region_sees_only_its_rows_in_every_view()
    {
        Assert.Equal(["华东"], (await Rows("SELECT DISTINCT region FROM journey_events", East)).Select(r => r[0]));
        Assert.Equal(3L, (await Rows("SELECT count(*) FROM people", East))[0][0]);
        Assert.Equal(["e03", "e04"], (await Rows("SELECT event_key FROM orders ORDER BY 1", East)).Select(r => r[0]));
        Assert.Equal(["t1"], (await Rows("SELECT ticket_id FROM tickets", East)).Select(r => r[0]));
        Assert.Empty(await Rows("SELECT * FROM identity_coverage", East));
        Assert.Equal(3, (await Rows("SELECT * FROM dim_channels", East)).Count);
    }

    [Fact]
    public async Task Unrestricted_scope_sees_all_rows()
    {
        Assert.Equal(3, (await Rows("SELECT DISTINCT region FROM journey_events", DataScope.All)).Count);
        Assert.Equal(6L, (await Rows("SELECT count(*) FROM people", DataScope.All))[0][0]);
    }

    [Fact]
    public async Task Channel_scope_filters_views_without_the_column_through_their_people()
    {
        Assert.Equal(["store"], (await Rows("SELECT DISTINCT channel FROM journey_events", StoreChannel)).Select(r => r[0]));
        Assert.Equal(["p2", "p5"], (await Rows("SELECT person_id FROM people ORDER BY 1", StoreChannel)).Select(r => r[0]));
        Assert.Empty(await Rows("SELECT * FROM tickets", StoreChannel));
    }

    [Fact]
    public async Task Region_and_channel_filters_both_apply()
    {
        var scope = DataScope.Restricted([new RowFilter("region", ["华东"]), new RowFilter("channel", ["store"])]);

        Assert.Equal(["e04"], (await Rows("SELECT event_key FROM journey_events", scope)).Select(r => r[0]));
    }

    [Fact]
    public async Task Skill_for_all_channels_returns_only_the_scoped_rows()
    {
        var skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "t.yaml");

        var result = await _store.Executor().RunAsync(skill, new Dictionary<string, object?> { ["period"] = "all" }, As(East));

        var people = result.Rows.ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        Assert.Equal(new Dictionary<string, long> { ["mini_program"] = 1, ["store"] = 1, ["website"] = 1 }, people);
        Assert.Equal(719.50m, result.Rows.Sum(r => (decimal)r[4]!));
    }

    [Theory]
    [InlineData("华北")]
    [InlineData("华东' OR '1'='1")]
    [InlineData("x') OR true OR ('")]
    public async Task Crafted_parameter_values_cannot_widen_the_scope(string region)
    {
        var skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel
            .Replace("AND ($channel IS NULL OR channel = $channel)", "AND ($channel IS NULL OR channel = $channel) AND ($region IS NULL OR region = $region)", StringComparison.Ordinal)
            .Replace("parameters:\n", "parameters:\n  - { name: region, type: string, description: { zh: 区域, en: Region } }\n", StringComparison.Ordinal), "t.yaml");

        var result = await _store.Executor().RunAsync(skill, new Dictionary<string, object?> { ["period"] = "all", ["region"] = region }, As(East));

        Assert.Empty(result.Rows);
    }

    [Theory]
    [InlineData("SELECT * FROM main.journey_events")]
    [InlineData("SELECT * FROM journey.main.journey_events")]
    [InlineData("SELECT * FROM touchpoint_events")]
    [InlineData("SELECT * FROM persons")]
    [InlineData("WITH journey_events AS (SELECT * FROM journey_events) SELECT * FROM journey_events")]
    public async Task Adhoc_sql_cannot_escape_the_scope(string sql)
    {
        var executor = _store.Executor();
        try
        {
            var result = await executor.RunAdhocAsync(sql, As(East));
            Assert.All(result.Rows, row => Assert.Equal("华东", row[result.IndexOf("region")]));
        }
        catch (SkillExecutionException e)
        {
            Assert.Equal(SkillOutcome.Rejected, e.Outcome);
        }
    }

    [Fact]
    public async Task Denied_scope_runs_nothing_and_is_audited()
    {
        var error = await Assert.ThrowsAsync<SkillExecutionException>(() => _store.Executor().RunAdhocAsync("SELECT 1", As(DataScope.None)));

        Assert.Equal(SkillOutcome.Rejected, error.Outcome);
        Assert.Contains("no data access", error.Text.En);
        var record = await _store.Audit.FindAsync(error.AuditId);
        Assert.Equal("none", record!.DataScope);
    }

    [Fact]
    public async Task Audit_record_carries_the_filter()
    {
        var result = await _store.Executor().RunAdhocAsync("SELECT count(*) FROM journey_events", As(East));

        var record = await _store.Audit.FindAsync(result.AuditId!);
        Assert.Equal("region in (华东)", record!.DataScope);
        Assert.Equal("east-manager", record.User);
    }

    [Fact]
    public void Access_policy_maps_identities_to_roles_and_filters()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Access:Default"] = "none",
            ["Access:Roles:east:Filters:region:0"] = "华东",
            ["Access:Roles:stores:Filters:channel:0"] = "门店",
            ["Access:Roles:hq:All"] = "true",
            ["Access:Users:wecom-zhang:Roles:0"] = "east",
            ["Access:Users:wecom-zhang:Roles:1"] = "stores",
            ["Access:Users:aad-li:Roles:0"] = "hq",
            ["Access:Users:aad-wang:Filters:region:0"] = "华北",
        }).Build();
        var services = new ServiceCollection().Configure<AccessOptions>(configuration.GetSection(AccessOptions.SectionName)).BuildServiceProvider();
        var policy = new AccessPolicy(services.GetRequiredService<IOptionsMonitor<AccessOptions>>(), TestDictionary.Instance);

        Assert.Equal("channel in (store); region in (华东)", policy.ScopeFor("wecom-zhang").Describe());
        Assert.Same(DataScope.All, policy.ScopeFor("aad-li"));
        Assert.Equal("region in (华北)", policy.ScopeFor("aad-wang").Describe());
        Assert.True(policy.ScopeFor("stranger").IsDenied);
    }

    [Fact]
    public void A_role_with_full_access_does_not_widen_another_role_of_the_same_user()
    {
        var monitor = new StaticMonitor(new AccessOptions
        {
            Default = "none",
            Roles = new(StringComparer.OrdinalIgnoreCase)
            {
                ["hq"] = new AccessRole { All = true },
                ["east"] = new AccessRole { Filters = new(StringComparer.OrdinalIgnoreCase) { ["region"] = ["华东"] } },
            },
            Users = new(StringComparer.OrdinalIgnoreCase) { ["both"] = new AccessUser { Roles = ["hq", "east"] } },
        });

        // "Roles narrow, never widen": the full-access role adds no filter, the east role still narrows.
        Assert.Equal("region in (华东)", new AccessPolicy(monitor, TestDictionary.Instance).ScopeFor("both").Describe());
    }

    [Fact]
    public void Default_scope_for_unknown_users_can_be_all()
    {
        var monitor = new StaticMonitor(new AccessOptions { Default = "all" });

        Assert.Same(DataScope.All, new AccessPolicy(monitor, TestDictionary.Instance).ScopeFor("stranger"));
    }

    [Fact]
    public void Scope_filters_only_on_known_columns()
    {
        Assert.Throws<ArgumentException>(() => DataScope.Restricted([new RowFilter("region) OR (true", ["x"])]));
    }

    public void Dispose() => _store.Dispose();

    private sealed class StaticMonitor(AccessOptions value) : IOptionsMonitor<AccessOptions>
    {
        public AccessOptions CurrentValue => value;

        public AccessOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AccessOptions, string?> listener) => null;
    }
}
