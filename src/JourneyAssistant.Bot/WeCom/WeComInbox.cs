using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// Hand-off between the callback (which must answer WeCom within 5 s) and the background responder. Drops WeCom's
/// retries of a callback by MsgId (or sender + time + event) for <see cref="WeComOptions.DeduplicationWindow"/>.
/// </summary>
public sealed class WeComInbox(IOptions<WeComOptions> options, TimeProvider time)
{
    private const int Capacity = 1000;

    private readonly Channel<WeComInboundMessage> _queue = Channel.CreateBounded<WeComInboundMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<string, DateTimeOffset> _seen = [];
    private readonly Lock _lock = new();

    /// <summary>Messages waiting for the responder.</summary>
    public ChannelReader<WeComInboundMessage> Reader => _queue.Reader;

    /// <summary>Queues the message unless it is a duplicate (or the queue is full); true when queued.</summary>
    public bool TryAccept(WeComInboundMessage message)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_seen.Count > 10_000)
            {
                foreach (var expired in _seen.Where(kv => now - kv.Value > options.Value.DeduplicationWindow).Select(kv => kv.Key).ToList())
                {
                    _seen.Remove(expired);
                }
            }

            if (_seen.TryGetValue(message.DeduplicationKey, out var at) && now - at <= options.Value.DeduplicationWindow)
            {
                return false;
            }

            _seen[message.DeduplicationKey] = now;
        }

        return _queue.Writer.TryWrite(message);
    }
}
