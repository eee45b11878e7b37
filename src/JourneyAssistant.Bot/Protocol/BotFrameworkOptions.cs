using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>Bot Framework (Azure Bot Service / Teams) settings, bound from the "BotFramework" section.</summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "BotFramework";

    /// <summary>The bot's Microsoft App ID (the audience of inbound tokens, the client id of outbound ones). Empty: /api/messages refuses everything unless <see cref="AllowUnauthenticatedLocal"/>.</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret for outbound tokens; set it from the environment (BotFramework__AppPassword), never in a file.</summary>
    public string? AppPassword { get; set; }

    /// <summary>"MultiTenant" (default) or "SingleTenant".</summary>
    public string AppType { get; set; } = "MultiTenant";

    /// <summary>The bot's Entra tenant; required for SingleTenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Issuer of channel tokens.</summary>
    [Required]
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>OpenID metadata that names the JWKS with the channel signing keys (and their endorsements).</summary>
    [Required]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Scope of outbound connector tokens.</summary>
    [Required]
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Authority host for outbound tokens.</summary>
    [Required]
    public string LoginAuthority { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Emulator/local mode: accept unauthenticated activities from loopback only. Off unless explicitly enabled.</summary>
    public bool AllowUnauthenticatedLocal { get; set; }

    /// <summary>Allowed clock skew for token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Require HTTPS for the metadata (tests use a loopback HTTP endpoint).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Largest request body accepted on /api/messages.</summary>
    [Range(1024, 10_000_000)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Public base URL of this host (https://bot.example.com) for chart images too large to inline; empty = inline only.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Tenant used in the authority: the configured tenant for SingleTenant, else botframework.com.</summary>
    public string AuthorityTenant =>
        string.Equals(AppType, "SingleTenant", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(TenantId)
            ? TenantId!
            : "botframework.com";
}
