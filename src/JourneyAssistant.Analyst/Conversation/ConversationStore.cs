using System.Collections.Concurrent;

namespace JourneyAssistant.Analyst.Conversation;

/// <summary>What a conversation last asked: the skill and arguments a follow-up modifies.</summary>
public sealed record ConversationTurn(string SkillId, IReadOnlyDictionary<string, string> Arguments, string Question, DateTimeOffset At);

/// <summary>Remembers the last turn per conversation id; bounded in size, entries expire.</summary>
public sealed class ConversationStore(TimeProvider time, TimeSpan lifetime, int capacity)
{
    private readonly ConcurrentDictionary<string, ConversationTurn> _turns = new(StringComparer.Ordinal);

    /// <summary>The last turn of a conversation, or null when unknown or expired.</summary>
    public ConversationTurn? Last(string? conversationId)
    {
        if (conversationId is null || !_turns.TryGetValue(conversationId, out var turn))
        {
            return null;
        }

        if (time.GetUtcNow() - turn.At > lifetime)
        {
            _turns.TryRemove(conversationId, out _);
            return null;
        }

        return turn;
    }

    /// <summary>Records a turn, evicting expired and then the oldest conversations beyond capacity.</summary>
    public void Remember(string? conversationId, string skillId, IReadOnlyDictionary<string, string> arguments, string question)
    {
        if (conversationId is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        _turns[conversationId] = new ConversationTurn(skillId, new Dictionary<string, string>(arguments, StringComparer.Ordinal), question, now);
        if (_turns.Count > capacity)
        {
            foreach (var (id, _) in _turns.Where(t => now - t.Value.At > lifetime).ToList())
            {
                _turns.TryRemove(id, out _);
            }

            foreach (var (id, _) in _turns.OrderBy(t => t.Value.At).Take(Math.Max(0, _turns.Count - capacity)).ToList())
            {
                _turns.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Number of conversations held.</summary>
    public int Count => _turns.Count;
}
