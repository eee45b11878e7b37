using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// Sends an <see cref="Answer"/> proactively to a stored <see cref="ConversationReference"/> through one channel.
/// WeCom's sender lives in JourneyAssistant.Bot.WeCom; the Teams sender (channel "msteams") belongs to the Bot Framework
/// part and registers itself as another implementation. Throws on failure so the caller can retry.
/// </summary>
public interface IProactiveSender
{
    /// <summary>True when this sender delivers to <paramref name="reference"/>'s channel.</summary>
    bool CanSend(ConversationReference reference);

    /// <summary>Delivers the answer (text and, when present, its chart).</summary>
    Task SendAsync(ConversationReference reference, Answer answer, CancellationToken cancellationToken = default);
}
