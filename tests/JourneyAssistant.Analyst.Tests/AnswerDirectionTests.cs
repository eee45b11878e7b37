using JourneyAssistant.Skills;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>Issue 16: "which channel has the lowest conversion rate?" must not lead with the best channel.</summary>
[Collection(AnalystCollection.Name)]
public sealed class AnswerDirectionTests(AnalystFixture fixture)
{
    [Theory]
    [InlineData("Which channel has the lowest conversion rate?", "converts worst", "converts best")]
    [InlineData("哪个渠道转化率最低？", "转化率最低的渠道是", "最高的是")]
    public async Task A_question_for_the_lowest_is_answered_lowest_first(string question, string lead, string later)
    {
        var answer = await fixture.AskAsync(question);

        Assert.Equal("conversion_by_channel", answer.Skill);
        var leadAt = answer.Text.IndexOf(lead, StringComparison.Ordinal);
        var laterAt = answer.Text.IndexOf(later, StringComparison.Ordinal);
        Assert.True(leadAt >= 0 && laterAt > leadAt, answer.Text);
    }

    [Fact]
    public async Task A_question_for_the_best_keeps_the_usual_headline()
    {
        var answer = await fixture.AskAsync("哪个渠道转化最好？");

        Assert.StartsWith("转化率最高的渠道是", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_lowest_template_is_checked_like_the_answer()
    {
        var yaml = File.ReadAllText(Path.Combine(Testing.RepoPaths.Skills, "conversion_by_channel.yaml"))
            .Replace("转化率最低的渠道是{focus.channel}", "转化率最低的渠道是{focus.no_such_column}", StringComparison.Ordinal);
        var error = Assert.Throws<SkillFileException>(() => new SkillFileReader().Parse(yaml, Path.Combine(Testing.RepoPaths.Skills, "conversion_by_channel.yaml")));
        Assert.Contains(error.Issues, i => i.Message.Contains("no_such_column", StringComparison.Ordinal));
    }
}
