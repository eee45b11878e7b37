using System.Collections.Concurrent;
using System.Globalization;
using JourneyAssistant.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>One Direct Line conversation: its activity log (the watermark is the log position) and the host's base URL.</summary>
public sealed class DirectLineConversation(string id, string baseUrl, TimeProvider time)
{
    private readonly List<Activity> _activities = [];
    private readonly object _gate = new();
    private int _dropped;

    public string Id { get; } = id;

    /// <summary>Scheme and host the client reached us on, for chart URLs.</summary>
    public string BaseUrl { get; } = baseUrl;

    public DateTimeOffset LastUsed { get; private set; } = time.GetUtcNow();

    /// <summary>Appends an activity, giving it its id and timestamp; returns the stored activity.</summary>
    public Activity Append(Activity activity, int capacity)
    {
        lock (_gate)
        {
            var sequence = _dropped + _activities.Count;
            var stored = activity with
            {
                Id = $"{Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}",
                Timestamp = time.GetUtcNow(),
                ChannelId = DirectLineChannel.ChannelId,
                Conversation = new ConversationAccount { Id = Id },
            };
            _activities.Add(stored);
            if (_activities.Count > capacity)
            {
                var excess = _activities.Count - capacity;
                _activities.RemoveRange(0, excess);
                _dropped += excess;
            }

            LastUsed = time.GetUtcNow();
            return stored;
        }
    }

    /// <summary>Activities at or after the watermark, and the new watermark.</summary>
    public (IReadOnlyList<Activity> Activities, int Watermark) Since(int watermark)
    {
        lock (_gate)
        {
            LastUsed = time.GetUtcNow();
            var start = Math.Max(0, watermark - _dropped);
            var list = start >= _activities.Count ? [] : _activities.GetRange(start, _activities.Count - start);
            return (list, _dropped + _activities.Count);
        }
    }
}

/// <summary>The channel identity of the local Direct Line.</summary>
public static class DirectLineChannel
{
    public const string ChannelId = "directline";

    /// <summary>Marks activities that travel through this host's own Direct Line rather than a Bot Connector service.</summary>
    public const string ServiceUrl = "urn:journey-assistant:directline";

    public const string BotId = "journey-assistant";
}

/// <summary>All live Direct Line conversations (in memory, bounded; a recently used one is never evicted).</summary>
public sealed class DirectLineConversations(IOptions<DirectLineOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly object _admission = new();

    public DirectLineOptions Options => options.Value;

    public static string NewId() => Guid.NewGuid().ToString("N")[..22];

    /// <summary>
    /// Returns the conversation, creating it (Created) when it is new. Null when the store is full of conversations
    /// used within <see cref="DirectLineOptions.ActiveWindow"/>: a flood of new ones must not push out someone mid-chat.
    /// </summary>
    public (DirectLineConversation Conversation, bool Created)? GetOrStart(string id, string baseUrl)
    {
        if (_conversations.TryGetValue(id, out var existing))
        {
            return (existing, false);
        }

        // Admission is serialised so the capacity check and the eviction agree; only new conversations take this path.
        lock (_admission)
        {
            if (_conversations.TryGetValue(id, out existing))
            {
                return (existing, false);
            }

            var max = options.Value.MaxConversations;
            if (_conversations.Count >= max)
            {
                var activeSince = time.GetUtcNow() - options.Value.ActiveWindow;
                var idle = _conversations.Values.Where(c => c.LastUsed < activeSince)
                    .OrderBy(c => c.LastUsed).Take(_conversations.Count - max + 1).ToList();
                if (_conversations.Count - idle.Count >= max)
                {
                    return null;
                }

                foreach (var c in idle)
                {
                    _conversations.TryRemove(c.Id, out _);
                }
            }

            var conversation = new DirectLineConversation(id, baseUrl, time);
            _conversations[id] = conversation;
            return (conversation, true);
        }
    }

    public DirectLineConversation? Find(string id) => _conversations.GetValueOrDefault(id);
}

/// <summary>Delivers bot activities into the local Direct Line conversation log, where Web Chat polls for them.</summary>
public sealed class DirectLineConnector(DirectLineConversations conversations, IOptions<Conversations.BotOptions> bot) : IChannelConnector
{
    public bool Handles(Activity activity) => activity.ServiceUrl == DirectLineChannel.ServiceUrl;

    public Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversation = conversations.Find(activity.Conversation?.Id ?? "")
            ?? throw new InvalidOperationException($"Direct Line conversation '{activity.Conversation?.Id}' is gone.");
        var stored = conversation.Append(activity with
        {
            From = new ChannelAccount { Id = DirectLineChannel.BotId, Name = bot.Value.Name, Role = "bot" },
            ServiceUrl = null,
        }, conversations.Options.MaxActivitiesPerConversation);
        return Task.FromResult<ResourceResponse?>(new ResourceResponse(stored.Id!));
    }
}
