using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Bot.Conversations;

/// <summary>What the pipeline answers the channel adapter right away.</summary>
public enum TurnOutcome
{
    /// <summary>Work queued; the reply follows through the turn's <see cref="ITurnReply"/>.</summary>
    Accepted,

    /// <summary>A type or content the bot does not act on.</summary>
    Ignored,

    /// <summary>A redelivery of a message already handled.</summary>
    Duplicate,
}

/// <summary>The way back to whoever asked, one per turn: each channel implements it once.</summary>
public interface ITurnReply
{
    /// <summary>Sends an answer the way the channel shows one (a card, markdown with its chart and SQL…).</summary>
    Task SendAsync(Answer answer, CancellationToken cancellationToken);

    /// <summary>Shows that an answer is being worked out, where the channel has a way to (Teams' typing indicator).</summary>
    Task SendTypingAsync(CancellationToken cancellationToken);
}

/// <summary>How a channel words the pipeline's own replies: a question over the limit, a full queue, a failed answer.</summary>
public interface ITurnWording
{
    /// <summary>The reply to a question of more than <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    Answer TooLong(string question, int maxBytes);

    /// <summary>The reply when the queue is full.</summary>
    Answer Busy(string question);

    /// <summary>The apology for an answer that failed or timed out; <paramref name="reference"/> is in the log.</summary>
    Answer Apology(string question, string reference);
}

/// <summary>
/// One inbound message as a channel adapter hands it to the <see cref="TurnPipeline"/>: who asked where, the question
/// (or a ready-made reply such as a welcome), where a subscription made in it is delivered, and the way back.
/// </summary>
public sealed record Turn
{
    /// <summary>Channel name the question and the audit record carry ("msteams", "directline", "wecom"…).</summary>
    public required string Channel { get; init; }

    /// <summary>The person (their identity decides row filters and roles downstream).</summary>
    public required string User { get; init; }

    public string? ConversationId { get; init; }

    /// <summary>The channel's id of this delivery; a second delivery with the same id within the window is dropped. Null: never a duplicate.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>The question to answer.</summary>
    public string? Text { get; init; }

    /// <summary>A reply that needs no analyst (welcome, "text only"), sent instead of answering <see cref="Text"/>.</summary>
    public Answer? Ready { get; init; }

    /// <summary>Where a subscription made in this turn is delivered; null where the channel has no proactive messages.</summary>
    public ConversationReference? Subscriber { get; init; }

    public ITurnWording Wording { get; init; } = StandardTurnWording.Instance;

    public required ITurnReply Reply { get; init; }
}

/// <summary>The pipeline's wording on Teams and Web Chat: in the question's language, with the limit and the reference.</summary>
public sealed class StandardTurnWording : ITurnWording
{
    public static StandardTurnWording Instance { get; } = new();

    public Answer TooLong(string question, int maxBytes)
    {
        var language = NoticeLanguage(question);
        return Notice(language, language == Language.Zh
            ? $"这个问题太长了（超过 {maxBytes / 1024} KB），我没有处理。请用一两句话提问，例如：“上周哪个渠道转化率最高？”"
            : $"That message is too long (over {maxBytes / 1024} KB), so I didn't run anything. Please ask in a sentence or two, e.g. \"Which channel converted best last week?\"");
    }

    public Answer Busy(string question)
    {
        var language = NoticeLanguage(question);
        return Notice(language, language == Language.Zh ? "现在提问的人太多了，请稍后再试。" : "I'm busy right now; please try again in a moment.");
    }

    /// <summary>A friendly apology with a reference id; the details stay in the log.</summary>
    public Answer Apology(string question, string reference)
    {
        var language = NoticeLanguage(question);
        return new Answer
        {
            Question = question,
            Language = language.Code(),
            Kind = AnswerKind.Failed,
            Text = language == Language.Zh
                ? $"抱歉，这个问题我暂时没能算出来。请稍后再试，或把参考编号 {reference} 告诉分析团队。"
                : $"Sorry, I couldn't work that out just now. Please try again later, or give the analytics team reference {reference}.",
            Reference = reference,
            RoutedBy = "none",
        };
    }

    // The basic CJK block only, as these notices have always decided (Languages.Detect also counts extension A).
    private static Language NoticeLanguage(string question) => Languages.Detect(question, extensionA: false);

    // Declined with no follow-ups: the card builder sends it as the plain text it is.
    private static Answer Notice(Language language, string text) => Answer.Message(AnswerKind.Declined, language, text);
}
