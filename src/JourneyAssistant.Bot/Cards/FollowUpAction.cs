namespace JourneyAssistant.Bot.Cards;

/// <summary>
/// A follow-up button that asks its question as the user would: a messageBack whose display text is the question, so
/// the channel shows it in the user's bubble. Web Chat reads the Bot Framework card action it is told to perform
/// (<c>__isBotFrameworkCardAction</c>), Teams reads <c>msteams</c>; every channel also gets the question under
/// <see cref="AnswerCardBuilder.QuestionKey"/> in the value, which is what the bot reads when the text is absent.
/// </summary>
public static class FollowUpAction
{
    public static SubmitAction Create(string question)
    {
        var value = new Dictionary<string, string> { [AnswerCardBuilder.QuestionKey] = question };
        var messageBack = new Dictionary<string, object>
        {
            ["type"] = "messageBack",
            ["title"] = question,
            ["text"] = question,
            ["displayText"] = question,
            ["value"] = value,
        };
        return new SubmitAction(question, new Dictionary<string, object>
        {
            [AnswerCardBuilder.QuestionKey] = question,
            ["msteams"] = new Dictionary<string, object> { ["type"] = "messageBack", ["text"] = question, ["displayText"] = question, ["value"] = value },
            ["__isBotFrameworkCardAction"] = true,
            ["cardAction"] = messageBack,
        });
    }
}
