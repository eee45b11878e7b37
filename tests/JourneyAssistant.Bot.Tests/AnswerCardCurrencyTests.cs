using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Protocol;

namespace JourneyAssistant.Bot.Tests;

/// <summary>The card's facts show money in the currency the answer's money column carries (Store:Currency).</summary>
public sealed class AnswerCardCurrencyTests
{
    private static Answer Revenue(string? unit) => new()
    {
        Question = "Revenue by channel?",
        Language = "en",
        Skill = "revenue_by_channel",
        Columns = [new("channel", "Channel", "dimension"), new("revenue", "Revenue", "currency", unit)],
        Rows = [["Facebook", 12345.5], ["Instagram", 678.0]],
        Text = "Facebook brings the most revenue.",
    };

    private static string Json(AnswerMessage message) => JsonSerializer.Serialize(message.Card!.Content, ProtocolJson.Options);

    [Fact]
    public void Facts_show_the_configured_currency()
    {
        var json = Json(new AnswerCardBuilder().Build(Revenue("$"), null));

        Assert.Contains("$12,345.50", json);
        Assert.Contains("$678.00", json);
        Assert.DoesNotContain("¥", json);
    }

    [Fact]
    public void Facts_show_yuan_by_default()
    {
        Assert.Contains("¥12,345.50", Json(new AnswerCardBuilder().Build(Revenue(null), null)));
    }
}
