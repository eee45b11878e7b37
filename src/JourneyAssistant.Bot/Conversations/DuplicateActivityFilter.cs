using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Conversations;

/// <summary>Channels retry deliveries; an activity id seen within the window is processed once.</summary>
public sealed class DuplicateActivityFilter(IMemoryCache cache, IOptions<BotOptions> options)
{
    private readonly object _gate = new();

    /// <summary>True the first time a (channel, conversation, activity) id is seen; false for a redelivery.</summary>
    public bool FirstDelivery(string? channelId, string? conversationId, string? activityId)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            return true;
        }

        var key = $"activity:{channelId}:{conversationId}:{activityId}";
        lock (_gate)
        {
            if (cache.TryGetValue(key, out _))
            {
                return false;
            }

            cache.Set(key, true, options.Value.DuplicateWindow);
            return true;
        }
    }
}
