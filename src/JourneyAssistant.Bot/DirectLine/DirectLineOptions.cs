using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>The host's own Direct Line 3.0-compatible endpoint (used by the local Web Chat), bound from "DirectLine".</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Direct Line secret. Set: /tokens/generate and new conversations need it. Empty (local default): tokens are issued to anyone who can reach the host.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a conversation token is valid (Web Chat refreshes it before then).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Origins (scheme://host[:port]) other than the host's own that may call Direct Line from a browser. Empty: same-origin only.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Conversations kept in memory. When full, the least recently used idle one goes; if every one is active, a new one is refused (503).</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>A conversation used (posted to or polled) within this window is never evicted, however many new ones arrive.</summary>
    public TimeSpan ActiveWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>New conversations and tokens one client (remote address) may ask for per minute; more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int NewConversationsPerMinute { get; set; } = 60;

    /// <summary>Activities kept per conversation (older ones are dropped; watermarks stay valid).</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 1_000;
}
