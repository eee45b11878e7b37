using JourneyAssistant.Charts;
using JourneyAssistant.Skills.Definitions;

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

    [Theory]
    [InlineData("小程序和官网哪个转化率高？", "转化率比")]
    [InlineData("compare conversion of mini program and website", "percentage points higher than")]
    public async Task A_question_comparing_two_channels_leads_with_their_difference(string question, string lead)
    {
        var answer = await fixture.AskAsync(question);

        Assert.Equal("conversion_by_channel", answer.Skill);
        var firstLine = answer.Text.Split('\n')[0];
        Assert.Contains(lead, firstLine, StringComparison.Ordinal);
        // Both named channels are in the first line, and the numbers are the rows' own rates.
        var rates = answer.Rows.ToDictionary(r => (string)r[0]!, r => r[answer.Columns.ToList().FindIndex(c => c.Name == "conversion_rate")]);
        foreach (var channel in question.StartsWith('小') ? new[] { "小程序", "官网" } : ["Mini Program", "Website"])
        {
            Assert.Contains(channel, firstLine, StringComparison.Ordinal);
            Assert.Contains((Convert.ToDouble(rates[channel], System.Globalization.CultureInfo.InvariantCulture) * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", firstLine, StringComparison.Ordinal);
        }
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
        var error = Assert.Throws<SkillFileException>(() => new SkillFileReader(RenderedChartKinds.Registry()).Parse(yaml, Path.Combine(Testing.RepoPaths.Skills, "conversion_by_channel.yaml")));
        Assert.Contains(error.Issues, i => i.Message.Contains("no_such_column", StringComparison.Ordinal));
    }
}
