using System.Text;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

public sealed class SkillNarratorTests
{
    private static readonly SkillNarrator Narrator = new(TestDictionary.Instance);
    private static readonly SkillDefinition Skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "conversion_by_channel.yaml");

    private static SkillResult Result(params object?[][] rows) => new(
        Skill.Id, Skill.Version, Skill.Title, Skill.Chart, Skill.Columns, rows, Skill.Sql,
        new Dictionary<string, object?>
        {
            ["period"] = new DateRange(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "2026-11-01..2026-11-30"),
            ["channel"] = null,
        },
        TimeSpan.FromMilliseconds(12), false);

    private static readonly SkillResult Sample = Result(
        ["mini_program", 11243L, 0L, 0.0, 0m],
        ["store", 2L, 2L, 1.0, 1720.5m],
        ["website", 3L, 2L, 0.6806, 287m]);

    private static string Render(SkillNarrative narrative)
    {
        var text = new StringBuilder().AppendLine(narrative.Answer);
        foreach (var r in narrative.Recommendations)
        {
            text.AppendLine($"- {r.Action} | {r.Metric} | {r.Owner ?? "-"}");
        }

        return text.AppendLine(narrative.Definitions).AppendLine(narrative.Period).ToString();
    }

    [Fact]
    public void Answer_and_recommendations_in_both_languages_match_the_golden_file()
    {
        var text = "## zh\n" + Render(Narrator.Narrate(Skill, Sample, Language.Zh)) + "\n## en\n" + Render(Narrator.Narrate(Skill, Sample, Language.En));

        Snapshot.Match(text, "md");
    }

    [Fact]
    public void Rows_where_every_count_is_zero_are_answered_as_no_data_not_narrated_as_a_finding()
    {
        // A store whose steps are not ours gave "落地页：0 人进入，只有 0 人进入下一步，流失 —" as the headline.
        var zeros = Result(["website", 0L, 0L, 0.0, 0m], ["store", 0L, 0L, null, 0m]);

        var narrative = Narrator.Narrate(Skill, zeros, Language.Zh);

        Assert.True(zeros.HasNoEvidence);
        Assert.False(Sample.HasNoEvidence);
        Assert.True(narrative.IsEmpty);
        Assert.EndsWith("没有渠道数据。", narrative.Answer);
        Assert.DoesNotContain("0 人", narrative.Answer);
        Assert.Empty(narrative.Recommendations);
    }

    [Fact]
    public void Focus_follows_the_focus_rule_not_the_row_order()
    {
        var narrative = Narrator.Narrate(Skill, Sample, Language.En);

        Assert.StartsWith("Store converts best (100.0%, 2 of 2 people), then Website (68.1%)", narrative.Answer);
    }

    [Fact]
    public void Only_matching_recommendations_are_kept_in_file_order()
    {
        var narrative = Narrator.Narrate(Skill, Result(["website", 10L, 1L, 0.1, 50m], ["store", 10L, 2L, 0.2, 80m]), Language.En);

        Assert.Equal(["Review channel conversion weekly."], narrative.Recommendations.Select(r => r.Action));
    }

    [Fact]
    public void Empty_result_uses_the_empty_template()
    {
        var narrative = Narrator.Narrate(Skill, Result(), Language.Zh);

        Assert.True(narrative.IsEmpty);
        Assert.Equal("2026-11-01 至 2026-11-30 没有渠道数据。", narrative.Answer);
        Assert.Empty(narrative.Recommendations);
    }

    [Theory]
    [InlineData(ColumnRole.Count, 11243L, null, "11,243", "11,243")]
    [InlineData(ColumnRole.Percent, 0.681, null, "68.1%", "68.1%")]
    [InlineData(ColumnRole.Currency, 1234.5, null, "¥1,234.50", "¥1,234.50")]
    [InlineData(ColumnRole.Duration, 3.21, "hours", "3.2 小时", "3.2 h")]
    [InlineData(ColumnRole.Duration, 45.0, "minutes", "45.0 分钟", "45.0 min")]
    [InlineData(ColumnRole.Duration, 2.5, "days", "2.5 天", "2.5 d")]
    [InlineData(ColumnRole.Measure, 1234.567, null, "1,234.57", "1,234.57")]
    [InlineData(ColumnRole.Count, null, null, "—", "—")]
    public void Values_are_formatted_by_role_and_language(ColumnRole role, object? value, string? unit, string zh, string en)
    {
        var column = new ResultColumn("x", role, LocalizedText.Both("x"), Unit: unit);

        Assert.Equal(zh, Narrator.Format(column, value, Language.Zh));
        Assert.Equal(en, Narrator.Format(column, value, Language.En));
    }

    [Fact]
    public void Dictionary_columns_show_labels()
    {
        var column = new ResultColumn("touchpoint", ColumnRole.Dimension, LocalizedText.Both("t"), Dictionary: "touchpoint");

        Assert.Equal("支付页", Narrator.Format(column, "payment", Language.Zh));
        Assert.Equal("Payment page", Narrator.Format(column, "payment", Language.En));
        Assert.Equal(new DateOnly(2026, 11, 11), DateOnly.Parse("2026-11-11"));
        Assert.Equal("2026-11-11", Narrator.Format(new ResultColumn("day", ColumnRole.Dimension, LocalizedText.Both("d")), new DateOnly(2026, 11, 11), Language.En));
    }
}
