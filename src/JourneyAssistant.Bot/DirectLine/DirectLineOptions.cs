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

    /// <summary>Conversations kept in memory; the least recently used go first.</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Activities kept per conversation (older ones are dropped; watermarks stay valid).</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 1_000;
}
