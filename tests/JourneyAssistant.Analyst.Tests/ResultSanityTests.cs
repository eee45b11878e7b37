using System.Text;
using JourneyAssistant.Analyst.Composition;
using JourneyAssistant.Charts;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>The shared sanity check (issue 16): what a result can't support is said, in zh and en, and never told as a finding.</summary>
public sealed class ResultSanityTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 25);
    private static readonly SkillDefinition Conversion = new SkillFileReader(RenderedChartKinds.Registry()).Read(Path.Combine(RepoPaths.Skills, "conversion_by_channel.yaml"));
    private static readonly SkillDefinition Funnel = new SkillFileReader(RenderedChartKinds.Registry()).Read(Path.Combine(RepoPaths.Skills, "funnel_by_touchpoint.yaml"));

    private static SkillResult Result(SkillDefinition skill, DateRange period, params object?[][] rows) =>
        new(skill.Id, skill.Version, skill.Title, skill.Chart, skill.Columns, rows, skill.Sql,
            new Dictionary<string, object?> { ["period"] = period }, TimeSpan.Zero, false);

    private static object?[] Channel(string channel, long people, long converters) =>
        [channel, people, converters, (double)converters / people, converters, 99.0m * converters, 1.0m];

    private static object?[] Step(long step, string touchpoint, long people, long next, long left) =>
        [step, touchpoint, people, next, people - next, people > 0 ? (double)(people - next) / people : null, 0.1, left, "payment_success"];

    private static readonly DateRange October = new(new(2026, 10, 1), new(2026, 10, 31), "test");

    private static readonly string[] Names = ["noise", "all_zero", "lead_zero", "partial_week", "data_ends_early", "step_nobody_reaches", "clean"];

    public static TheoryData<string> Cases => new(Names);

    private static (SkillDefinition Skill, SkillResult Result, DateOnly DataLast) Case(string name) => name switch
    {
        // October on the retail chain: 15 of 114 against 10 of 128 (z = 1.3).
        "noise" => (Conversion, Result(Conversion, October, Channel("Paid Search", 114, 15), Channel("Facebook", 165, 18), Channel("Instagram", 128, 10)), new(2026, 11, 22)),
        "all_zero" => (Conversion, Result(Conversion, October, Channel("Douyin", 900, 0), Channel("Search", 400, 0)), new(2026, 11, 22)),
        "lead_zero" => (Conversion, Result(Conversion, October, Channel("Search", 4000, 360), Channel("Douyin", 2800, 0)), new(2026, 11, 22)),
        "partial_week" => (Conversion, Result(Conversion, new(new(2026, 11, 16), new(2026, 11, 22), "test"), Channel("Search", 4000, 360), Channel("Douyin", 2800, 28)), new(2026, 11, 19)),
        "data_ends_early" => (Conversion, Result(Conversion, new(new(2026, 10, 25), new(2026, 11, 23), "test"), Channel("Search", 4000, 360), Channel("Douyin", 2800, 28)), new(2026, 11, 20)),
        "step_nobody_reaches" => (Funnel, Result(Funnel, October, Step(1, "landing_page", 6957, 0, 2), Step(2, "checkout", 0, 0, 1), Step(3, "payment", 0, 0, 0)), new(2026, 11, 22)),
        _ => (Conversion, Result(Conversion, October, Channel("Search", 4000, 360), Channel("Douyin", 2800, 28)), new(2026, 11, 22)),
    };

    private static SanityReport Check(string name, Language language)
    {
        var (skill, result, last) = Case(name);
        return ResultSanity.Check(skill, result, language, (_, value) => Convert.ToString(value) ?? "", last, AsOf);
    }

    [Fact]
    public void Every_case_says_what_the_data_cannot_carry_in_both_languages()
    {
        var text = new StringBuilder();
        foreach (var name in Names)
        {
            foreach (var language in new[] { Language.Zh, Language.En })
            {
                var report = Check(name, language);
                text.Append("## ").Append(name).Append(' ').Append(language.Code()).Append('\n');
                if (report.Headline is { } headline)
                {
                    text.Append("headline: ").Append(headline).Append('\n');
                }

                foreach (var caveat in report.Caveats)
                {
                    text.Append("- ").Append(caveat).Append('\n');
                }
            }
        }

        Snapshot.Match(text.ToString(), "md");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_finds_exactly_its_own_problem(string name)
    {
        var report = Check(name, Language.En);
        var all = string.Join("\n", report.Caveats.Append(report.Headline ?? ""));
        switch (name)
        {
            case "noise":
                Assert.Contains("within noise", all, StringComparison.Ordinal);
                break;
            case "all_zero":
                Assert.NotNull(report.Headline);
                Assert.DoesNotContain("within noise", all, StringComparison.Ordinal);
                break;
            case "lead_zero":
                Assert.Contains("exactly 0.0%", all, StringComparison.Ordinal);
                break;
            case "partial_week":
                Assert.Contains("only 4 day(s)", all, StringComparison.Ordinal);
                break;
            case "data_ends_early":
                Assert.Contains("last 3 day(s)", all, StringComparison.Ordinal);
                break;
            case "step_nobody_reaches":
                Assert.Contains("checkout, payment has 0", all, StringComparison.Ordinal);
                break;
            default:
                Assert.Null(report.Headline);
                Assert.Empty(report.Caveats);
                break;
        }

        Assert.True(name == "all_zero" || report.Headline is null);
    }

    [Fact]
    public void The_noise_test_is_a_two_proportion_test_not_overlapping_intervals()
    {
        // 58/407 against 14/203: the 95 % intervals overlap (11.2–18.0 % and 4.2–11.2 %), yet z = 2.7.
        Assert.True(ResultSanity.Differs(58 / 407.0, 407, 14 / 203.0, 203));
        Assert.False(ResultSanity.Differs(15 / 114.0, 114, 10 / 128.0, 128));
        var (low, high) = ResultSanity.Wilson(14 / 203.0, 203);
        Assert.Equal((0.0415, 0.1124), (Math.Round(low, 4), Math.Round(high, 4)));
    }
}
