using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;

namespace JourneyAssistant.Bot.Tests;

/// <summary>The card's key numbers lead with the measure that answers the question, the skill's focus column.</summary>
public sealed class KeyFactsTests
{
    private static Answer Conversion(string? focus) => new()
    {
        Question = "哪个渠道转化率最高？",
        Language = "zh",
        Text = "转化率最高的渠道是官网（10.5%）。",
        Skill = "conversion_by_channel",
        FocusColumn = focus,
        Columns = [new("channel", "渠道", "dimension"), new("people", "活跃人数", "count"), new("converters", "转化人数", "count"), new("conversion_rate", "转化率", "percent")],
        Rows = [["官网", 275L, 29L, 0.105], ["抖音", 2020L, 18L, 0.009]],
    };

    [Fact]
    public void Facts_show_the_focus_measure_with_people_as_context()
    {
        var facts = AnswerCardBuilder.KeyFacts(Conversion("conversion_rate"));

        Assert.Equal([new Fact("官网", "10.5%  (转化率) · 275  (活跃人数)"), new Fact("抖音", "0.9%  (转化率) · 2,020  (活跃人数)")], facts);
    }

    [Fact]
    public void Without_a_focus_column_the_first_measure_is_shown()
    {
        var facts = AnswerCardBuilder.KeyFacts(Conversion(null));

        Assert.Equal(new Fact("官网", "275  (活跃人数)"), facts[0]);
    }
}
