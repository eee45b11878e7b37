using System.Globalization;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

/// <summary>The first library of skills (skills/*.yaml): every file parses, passes the guard and runs on a real DuckDB.</summary>
public sealed class LibrarySkillFilesTests(LibraryScratchStore store) : IClassFixture<LibraryScratchStore>
{
    /// <summary>Ids other parts route to and summarise with; renaming one breaks them.</summary>
    private static readonly string[] RequiredIds =
    [
        "funnel_by_touchpoint", "funnel_by_stage", "conversion_by_channel", "channel_stage_breakdown", "top_paths",
        "time_between_steps", "exit_touchpoints", "attribution_by_channel", "attribution_markov", "retention_cohorts",
        "lifecycle_segments", "repurchase_rate", "nps_by_touchpoint", "complaint_keywords", "ticket_service_levels",
        "revenue_trend", "kpi_week_over_week", "anomaly_days", "unique_people", "ab_test_conversion", "journey_map_summary",
    ];

    public static TheoryData<string> SkillFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Skills, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Fact]
    public void Library_holds_every_required_skill()
    {
        var ids = Directory.GetFiles(RepoPaths.Skills, "*.yaml").Select(f => Read(Path.GetFileName(f)).Id).ToHashSet(StringComparer.Ordinal);

        Assert.True(ids.Count >= 20, $"the library has {ids.Count} skills; at least 20 are required");
        var missing = RequiredIds.Where(id => !ids.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"missing skills: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(SkillFiles))]
    public void Library_skill_states_definitions_examples_and_grounded_recommendations(string file)
    {
        var skill = Read(file);

        Assert.Equal(Path.GetFileNameWithoutExtension(file), skill.Id);
        Assert.True(skill.Examples.Zh.Count >= 3 && skill.Examples.En.Count >= 3, "at least 3 zh and 3 en examples");
        Assert.NotNull(skill.Definitions);
        Assert.Contains("Asia/Shanghai", skill.Definitions!.Zh, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", skill.Definitions.En, StringComparison.Ordinal);
        Assert.InRange(skill.Recommendations.Count, 2, 4);
        Assert.All(skill.Recommendations, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Metric.Zh) || string.IsNullOrWhiteSpace(r.Metric.En), "every recommendation names the metric to watch");
            Assert.NotNull(r.Owner);
        });
        Assert.NotEmpty(skill.Tests);
        Assert.All(skill.Columns, c => Assert.False(string.IsNullOrWhiteSpace(c.Label.Zh) || string.IsNullOrWhiteSpace(c.Label.En)));
    }

    [Theory]
    [MemberData(nameof(SkillFiles))]
    public void Library_skill_sql_passes_the_guard_and_uses_exactly_its_parameters(string file)
    {
        var skill = Read(file);

        var verdict = Shared.Guard.Check(skill.Sql);

        Assert.True(verdict.Allowed, verdict.Reason?.En);
        var declared = skill.Parameters.SelectMany(p => p.SqlNames).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(declared.SetEquals(verdict.Parameters),
            $"declared [{string.Join(", ", declared.Order())}] but the SQL uses [{string.Join(", ", verdict.Parameters.Order())}]");
    }

    [Theory]
    [MemberData(nameof(SkillFiles))]
    public void Library_skill_runs_on_a_real_duckdb_and_returns_its_declared_columns(string file)
    {
        var skill = Read(file);
        var arguments = new Dictionary<string, object?>();
        if (skill.Parameter("period") is not null)
        {
            arguments["period"] = "2026-08-01..2026-11-22";
        }

        var result = Run(skill, arguments);

        Assert.Equal(skill.Columns.Select(c => c.Name), result.Columns.Select(c => c.Name));
        Assert.NotEmpty(result.Rows);
    }

    [Theory]
    [MemberData(nameof(SkillFiles))]
    public void Library_skill_answers_in_both_languages_without_unresolved_placeholders(string file)
    {
        var skill = Read(file);
        var arguments = new Dictionary<string, object?>();
        if (skill.Parameter("period") is not null)
        {
            arguments["period"] = "2026-08-01..2026-11-22";
        }

        var result = Run(skill, arguments) with { Columns = skill.Columns };
        var narrator = new SkillNarrator(TestDictionary.Instance);

        foreach (var language in new[] { Language.Zh, Language.En })
        {
            var narrative = narrator.Narrate(skill, result, language);
            Assert.False(narrative.IsEmpty);
            Assert.DoesNotContain("{", narrative.Answer, StringComparison.Ordinal);
            Assert.NotEmpty(narrative.Recommendations);
            Assert.All(narrative.Recommendations, r => Assert.DoesNotContain("{", r.Action, StringComparison.Ordinal));
        }

        // The Chinese answer is written in Chinese, the English one is not.
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", narrator.Narrate(skill, result, Language.Zh).Answer);
    }

    [Fact]
    public async Task Library_funnel_reports_fewer_people_at_every_later_step()
    {
        var result = Run(Read("funnel_by_touchpoint.yaml"), new Dictionary<string, object?> { ["period"] = "all" });

        var people = result.Rows.Select(r => Convert.ToInt64(r[result.IndexOf("people")], CultureInfo.InvariantCulture)).ToList();
        // One row per step of the store's own profile (here half the payers are Double-11 buyers with no path, so only
        // the early touchpoints are shared by 80 % of converters), in the profile's order.
        var steps = (await store.Connection.QueryAsync("SELECT id FROM journey_profile WHERE kind = 'step' ORDER BY position")).Select(r => (string)r[0]!).ToList();
        Assert.True(steps.Count >= 2, string.Join(", ", steps));
        Assert.Equal(steps, result.Rows.Select(r => (string)r[result.IndexOf("touchpoint")]!).ToList());
        Assert.Equal(people.OrderByDescending(p => p), people);
        var dropped = result.Rows.Select(r => Convert.ToInt64(r[result.IndexOf("dropped")], CultureInfo.InvariantCulture));
        Assert.All(dropped, d => Assert.True(d >= 0));
    }

    [Fact]
    public void Library_anomaly_days_finds_the_double_eleven_revenue_spike()
    {
        var result = Run(Read("anomaly_days.yaml"), new Dictionary<string, object?> { ["period"] = "2026-10-15..2026-11-22", ["metric"] = "revenue" });

        Assert.Equal(new DateOnly(2026, 11, 11), Assert.IsType<DateOnly>(result.Rows[0][result.IndexOf("day")]));
        Assert.True(Convert.ToDouble(result.Rows[0][result.IndexOf("z_score")], CultureInfo.InvariantCulture) > 3);
    }

    [Fact]
    public void Library_ab_test_p_value_matches_the_normal_distribution()
    {
        var result = Run(Read("ab_test_conversion.yaml"), new Dictionary<string, object?> { ["period"] = "all" });

        var z = Convert.ToDouble(result.Rows[0][result.IndexOf("z_score")], CultureInfo.InvariantCulture);
        var p = Convert.ToDouble(result.Rows[0][result.IndexOf("p_value")], CultureInfo.InvariantCulture);
        Assert.Equal(TwoSidedP(z), p, 4);
        Assert.Null(result.Rows[^1][result.IndexOf("p_value")]); // the control row has no test against itself
    }

    /// <summary>Two-sided normal p-value by numerical integration of the density (independent of the SQL's erfc approximation).</summary>
    private static double TwoSidedP(double z)
    {
        var x = Math.Abs(z);
        const int steps = 200_000;
        var h = x / steps;
        var area = 0.0;
        for (var i = 0; i < steps; i++)
        {
            var m = (i + 0.5) * h;
            area += Math.Exp(-m * m / 2) * h;
        }

        return 1 - (2 * area / Math.Sqrt(2 * Math.PI));
    }

    private static SkillDefinition Read(string file) => LibrarySkillRunner.Read(file);

    private SkillResult Run(SkillDefinition skill, IReadOnlyDictionary<string, object?> arguments) => LibrarySkillRunner.Run(store.Connection, skill, arguments);
}
