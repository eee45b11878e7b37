using System.Collections.Concurrent;

namespace JourneyAssistant.Bot.Audit;

/// <summary>One question the bot handled: who, where, what ran, how long, and how it ended.</summary>
public sealed record QuestionRecord(
    DateTimeOffset Time,
    string User,
    string Channel,
    string Question,
    string? Skill,
    IReadOnlyDictionary<string, object?> Parameters,
    string? Sql,
    int Rows,
    TimeSpan Duration,
    string Outcome,
    string? Reference);

/// <summary>Filters of the audit page.</summary>
public sealed record AuditFilter(string? User = null, string? Skill = null, string? Outcome = null, int Limit = 500);

/// <summary>Where the audit page reads questions from.</summary>
public interface IAuditSource
{
    Task<IReadOnlyList<QuestionRecord>> QueryAsync(AuditFilter filter, CancellationToken cancellationToken);
}

/// <summary>The bot's own record of the questions it answered (bounded, newest first); the audit page's source when no store-backed log is registered.</summary>
public sealed class QuestionLog : IAuditSource
{
    private const int Capacity = 50_000;
    private readonly ConcurrentQueue<QuestionRecord> _records = new();

    public void Add(QuestionRecord record)
    {
        _records.Enqueue(record);
        while (_records.Count > Capacity && _records.TryDequeue(out _))
        {
        }
    }

    public Task<IReadOnlyList<QuestionRecord>> QueryAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        IReadOnlyList<QuestionRecord> result = _records.Reverse()
            .Where(r => Matches(r.User, filter.User) && Matches(r.Skill, filter.Skill) && Matches(r.Outcome, filter.Outcome))
            .Take(filter.Limit)
            .ToList();
        return Task.FromResult(result);
    }

    private static bool Matches(string? value, string? filter) =>
        string.IsNullOrWhiteSpace(filter) || string.Equals(value, filter.Trim(), StringComparison.OrdinalIgnoreCase);
}
