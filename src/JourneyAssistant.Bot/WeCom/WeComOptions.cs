using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>Settings of the WeCom (企业微信) self-built app and group robot, bound from the "WeCom" section.</summary>
public sealed class WeComOptions
{
    public const string SectionName = "WeCom";

    /// <summary>Corp id (企业ID); also the receive id every decrypted callback must carry. Env WECOM_CORP_ID.</summary>
    public string CorpId { get; set; } = "";

    /// <summary>Agent id of the self-built app, used by message/send. Env WECOM_AGENT_ID.</summary>
    public int AgentId { get; set; }

    /// <summary>App secret for gettoken. Never committed: env WECOM_SECRET.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Callback Token from the app's "接收消息" settings. Env WECOM_TOKEN.</summary>
    public string Token { get; set; } = "";

    /// <summary>Callback EncodingAESKey (43 characters). Env WECOM_ENCODING_AES_KEY.</summary>
    public string EncodingAesKey { get; set; } = "";

    /// <summary>Base URL of the WeCom API; tests point it at a local fake.</summary>
    [Required]
    public string ApiBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    /// <summary>Callbacks whose timestamp differs from now by more than this are rejected as replays.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest callback body read; larger bodies are refused before decryption.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Group-robot webhook URL (contains its key: a secret). Env WECOM_ROBOT_WEBHOOK.</summary>
    public string? RobotWebhookUrl { get; set; }

    /// <summary>WeCom allows a group robot 20 messages per minute.</summary>
    [Range(1, 1000)]
    public int RobotMessagesPerMinute { get; set; } = 20;

    /// <summary>Attempts per API call on transient errors (-1 busy, 45009 rate limit, HTTP 5xx).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First retry delay; doubles per attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when the callback can be verified (token, key and corp id set).</summary>
    public bool CallbackConfigured =>
        !string.IsNullOrWhiteSpace(Token) && !string.IsNullOrWhiteSpace(EncodingAesKey) && !string.IsNullOrWhiteSpace(CorpId);

    /// <summary>Fills empty settings from the documented environment variables.</summary>
    internal void ApplyEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        string? Env(string name) => getEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        CorpId = string.IsNullOrWhiteSpace(CorpId) ? Env("WECOM_CORP_ID") ?? "" : CorpId;
        Secret = string.IsNullOrWhiteSpace(Secret) ? Env("WECOM_SECRET") ?? "" : Secret;
        Token = string.IsNullOrWhiteSpace(Token) ? Env("WECOM_TOKEN") ?? "" : Token;
        EncodingAesKey = string.IsNullOrWhiteSpace(EncodingAesKey) ? Env("WECOM_ENCODING_AES_KEY") ?? "" : EncodingAesKey;
        RobotWebhookUrl = string.IsNullOrWhiteSpace(RobotWebhookUrl) ? Env("WECOM_ROBOT_WEBHOOK") : RobotWebhookUrl;
        if (AgentId == 0 && int.TryParse(Env("WECOM_AGENT_ID"), out var agentId))
        {
            AgentId = agentId;
        }
    }
}
