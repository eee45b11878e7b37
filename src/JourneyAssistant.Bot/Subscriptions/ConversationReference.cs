using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// Where a proactive message goes. Channels: "wecom" (app message to <see cref="User"/> = WeCom userid),
/// "wecom-robot" (group robot <see cref="WebhookUrl"/>), "msteams" (Bot Framework: <see cref="ServiceUrl"/>,
/// <see cref="ConversationId"/>, <see cref="User"/> = AAD object id, <see cref="TenantId"/>, <see cref="BotId"/>).
/// </summary>
public sealed record ConversationReference
{
    public const string WeCom = "wecom";
    public const string WeComRobot = "wecom-robot";
    public const string Teams = "msteams";

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    /// <summary>The person: WeCom userid or Teams AAD object id. For a robot, who subscribed it.</summary>
    [JsonPropertyName("user")] public required string User { get; init; }

    [JsonPropertyName("conversation_id")] public string? ConversationId { get; init; }

    [JsonPropertyName("service_url")] public string? ServiceUrl { get; init; }

    [JsonPropertyName("tenant_id")] public string? TenantId { get; init; }

    [JsonPropertyName("bot_id")] public string? BotId { get; init; }

    /// <summary>Group-robot webhook (holds the robot key: stored only in the local data folder, never logged).</summary>
    [JsonPropertyName("webhook_url")] public string? WebhookUrl { get; init; }

    /// <summary>Stable identity of the destination, used to find a person's subscriptions.</summary>
    [JsonIgnore]
    public string Key => Channel switch
    {
        WeComRobot => $"{Channel}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WebhookUrl ?? "")))[..16]}",
        _ => $"{Channel}:{User}:{ConversationId}",
    };
}
