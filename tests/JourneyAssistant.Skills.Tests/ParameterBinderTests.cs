using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;

namespace JourneyAssistant.Skills.Tests;

public sealed class ParameterBinderTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 18); // a Wednesday
    private static readonly ParameterBinder Binder = new(TestDictionary.Instance);

    private static SkillDefinition Skill(string parameters) => new SkillFileReader(Shared.ChartKinds).Parse(
        TestSkills.ConversionByChannel.Replace("""
            parameters:
              - name: period
            """, "parameters:\n" + parameters.TrimEnd() + "\n  - name: period", StringComparison.Ordinal), "t.yaml");

    private static readonly SkillDefinition Conversion = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "t.yaml");

    [Theory]
    [InlineData("last_7_days", "2026-11-12", "2026-11-18")]
    [InlineData("last_30_days", "2026-10-20", "2026-11-18")]
    [InlineData("last_90_days", "2026-08-21", "2026-11-18")]
    [InlineData("this_week", "2026-11-16", "2026-11-18")]
    [InlineData("last_week", "2026-11-09", "2026-11-15")]
    [InlineData("this_month", "2026-11-01", "2026-11-18")]
    [InlineData("last_month", "2026-10-01", "2026-10-31")]
    [InlineData("all", "1900-01-01", "2999-12-31")]
    [InlineData("2026-08-01..2026-11-22", "2026-08-01", "2026-11-22")]
    [InlineData(" 2026-09-05 ", "2026-09-05", "2026-09-05")]
    public void Date_range_presets_resolve_against_the_as_of_date(string text, string start, string end)
    {
        var bound = Binder.Bind(Conversion, new Dictionary<string, object?> { ["period"] = text }, AsOf);

        Assert.Equal(DateOnly.Parse(start), bound.Sql["period_start"]);
        Assert.Equal(DateOnly.Parse(end), bound.Sql["period_end"]);
    }

    [Fact]
    public void Default_applies_when_the_argument_is_absent()
    {
        var bound = Binder.Bind(Conversion, null, AsOf);

        Assert.Equal("last_30_days", bound.Period!.Source);
        Assert.Null(bound.Sql["channel"]);
    }

    [Theory]
    [InlineData("小程序", "mini_program")]
    [InlineData("Mini Program", "mini_program")]
    [InlineData("门店", "store")]
    [InlineData("website", "website")]
    public void Enum_accepts_dictionary_ids_and_aliases(string text, string id)
    {
        var bound = Binder.Bind(Conversion, new Dictionary<string, object?> { ["channel"] = text }, AsOf);

        Assert.Equal(id, bound.Sql["channel"]);
    }

    [Fact]
    public void Unknown_enum_value_names_the_parameter_and_the_allowed_values()
    {
        var error = Assert.Throws<ParameterBindingException>(() =>
            Binder.Bind(Conversion, new Dictionary<string, object?> { ["channel"] = "carrier_pigeon" }, AsOf));

        Assert.Equal("channel", error.Parameter);
        Assert.Contains("'channel'", error.Text.En);
        Assert.Contains("mini_program", error.Text.En);
        Assert.Contains("小程序", error.Text.Zh);
    }

    [Theory]
    [InlineData("yesterday-ish")]
    [InlineData("2026-11-30..2026-11-01")]
    [InlineData("2026-13-01..2026-13-05")]
    [InlineData("'; DROP TABLE persons; --")]
    public void Bad_date_range_is_refused_with_the_presets_listed(string text)
    {
        var error = Assert.Throws<ParameterBindingException>(() => Binder.Bind(Conversion, new Dictionary<string, object?> { ["period"] = text }, AsOf));

        Assert.Equal("period", error.Parameter);
        Assert.Contains("last_30_days", error.Text.En);
        Assert.Contains("YYYY-MM-DD..YYYY-MM-DD", error.Text.Zh);
    }

    [Fact]
    public void Unknown_argument_is_refused()
    {
        var error = Assert.Throws<ParameterBindingException>(() => Binder.Bind(Conversion, new Dictionary<string, object?> { ["region"] = "华东" }, AsOf));

        Assert.Contains("has no parameter 'region'", error.Text.En);
        Assert.Contains("period, channel", error.Text.En);
    }

    [Theory]
    [InlineData("10", 10L)]
    [InlineData("1", 1L)]
    [InlineData("100", 100L)]
    public void Integer_within_bounds_binds_as_long(string text, long expected)
    {
        var skill = Skill(TopN);
        var bound = Binder.Bind(skill, new Dictionary<string, object?> { ["top_n"] = text }, AsOf);

        Assert.Equal(expected, bound.Sql["top_n"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    [InlineData("2.5")]
    public void Integer_out_of_bounds_or_not_a_number_is_refused(string text)
    {
        var error = Assert.Throws<ParameterBindingException>(() => Binder.Bind(Skill(TopN), new Dictionary<string, object?> { ["top_n"] = text }, AsOf));

        Assert.Equal("top_n", error.Parameter);
        Assert.Contains("1 to 100", error.Text.En);
    }

    [Fact]
    public void Router_values_of_any_clr_type_are_accepted()
    {
        var json = System.Text.Json.JsonDocument.Parse("""{"top_n": 7, "threshold": 0.25, "weekly": true}""").RootElement;
        var skill = Skill(TopN + """

              - name: threshold
                type: number
                min: 0
                max: 1
                description: { zh: 阈值, en: Threshold }
              - name: weekly
                type: boolean
                description: { zh: 按周, en: Weekly }
            """);

        var bound = Binder.Bind(skill, new Dictionary<string, object?>
        {
            ["top_n"] = json.GetProperty("top_n"),
            ["threshold"] = json.GetProperty("threshold"),
            ["weekly"] = json.GetProperty("weekly"),
            ["period"] = new DateOnly(2026, 11, 3),
        }, AsOf);

        Assert.Equal(7L, bound.Sql["top_n"]);
        Assert.Equal(0.25, bound.Sql["threshold"]);
        Assert.Equal(true, bound.Sql["weekly"]);
        Assert.Equal(new DateOnly(2026, 11, 3), bound.Sql["period_end"]);
    }

    [Fact]
    public void Required_parameter_without_value_is_refused()
    {
        var skill = Skill("""
              - name: stage
                type: enum
                values_from: stage
                required: true
                description: { zh: 阶段, en: Stage }
            """);

        var error = Assert.Throws<ParameterBindingException>(() => Binder.Bind(skill, null, AsOf));

        Assert.Contains("Missing required parameter 'stage'", error.Text.En);
        Assert.Contains("awareness", error.Text.En);
    }

    private const string TopN = """
          - name: top_n
            type: integer
            default: 10
            min: 1
            max: 100
            description: { zh: 前几名, en: How many }
        """;
}
