namespace JourneyAssistant.Analyst.Answers;

/// <summary>A question from a person, with who asked, where, and (for tests and eval) a fixed "today".</summary>
public sealed record Question(string Text, string User = "local", string Channel = "cli", string? ConversationId = null, DateOnly? AsOf = null);

/// <summary>Turns a question into an <see cref="Answer"/>: routes it to a vetted skill, runs it, explains it.</summary>
public interface IAnalyst
{
    /// <summary>Answers one question; conversation state (follow-ups) is keyed by <see cref="Question.ConversationId"/>.</summary>
    Task<Answer> AskAsync(Question question, CancellationToken cancellationToken = default);
}
