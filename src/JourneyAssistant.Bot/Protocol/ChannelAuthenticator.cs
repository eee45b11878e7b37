using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>Outcome of checking an inbound request: allowed, or the HTTP status (401/403) and why.</summary>
public sealed record ChannelAuthResult(bool Allowed, int StatusCode, string Reason, ClaimsIdentity? Identity = null)
{
    public static ChannelAuthResult Allow(ClaimsIdentity? identity, string reason) => new(true, 200, reason, identity);

    public static ChannelAuthResult Unauthorized(string reason) => new(false, StatusCodes.Status401Unauthorized, reason);

    public static ChannelAuthResult Forbidden(string reason) => new(false, StatusCodes.Status403Forbidden, reason);
}

/// <summary>Checks the Authorization header of an inbound activity the way the Bot Framework channel auth does.</summary>
public interface IChannelAuthenticator
{
    /// <summary>Header presence only: lets the endpoint refuse before it even parses the body.</summary>
    ChannelAuthResult? PreCheck(string? authorizationHeader, IPAddress? remoteAddress);

    /// <summary>Full validation against the activity's channelId and serviceUrl.</summary>
    Task<ChannelAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, IPAddress? remoteAddress, CancellationToken cancellationToken);
}

/// <summary>
/// Bot Framework channel-to-bot authentication: RS256 JWT issued by https://api.botframework.com for audience = app id,
/// keys from the OpenID metadata (cached and refreshed), 5-minute skew, the key must be endorsed for the activity's
/// channel, and the `serviceurl` claim must equal the activity's serviceUrl.
/// </summary>
public sealed class ChannelAuthenticator : IChannelAuthenticator
{
    private readonly BotFrameworkOptions _options;
    private readonly ConfigurationManager<BotSigningKeys> _keys;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ILogger<ChannelAuthenticator> _logger;

    public ChannelAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, ILogger<ChannelAuthenticator> logger)
    {
        _options = options.Value;
        _logger = logger;
        var documents = new HttpDocumentRetriever(httpClients.CreateClient(nameof(ChannelAuthenticator))) { RequireHttps = _options.RequireHttpsMetadata };
        _keys = new ConfigurationManager<BotSigningKeys>(_options.OpenIdMetadataUrl, new BotSigningKeysRetriever(), documents)
        {
            // The Bot Framework rolls keys with overlap; a day is what its SDK uses, and an unknown kid forces a refresh below.
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
            RefreshInterval = TimeSpan.FromMinutes(5),
        };
    }

    private bool LocalModeApplies(IPAddress? remote) =>
        _options.AllowUnauthenticatedLocal && remote is not null && IPAddress.IsLoopback(remote);

    public ChannelAuthResult? PreCheck(string? authorizationHeader, IPAddress? remoteAddress)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return LocalModeApplies(remoteAddress) ? null : ChannelAuthResult.Unauthorized("missing Authorization header");
        }

        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ChannelAuthResult.Unauthorized("Authorization is not a Bearer token");
        }

        if (string.IsNullOrWhiteSpace(_options.AppId))
        {
            return ChannelAuthResult.Unauthorized("no BotFramework:AppId configured");
        }

        return null;
    }

    public async Task<ChannelAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, IPAddress? remoteAddress, CancellationToken cancellationToken)
    {
        if (PreCheck(authorizationHeader, remoteAddress) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            // Only reachable in explicit local mode from loopback (PreCheck refused everything else).
            return ChannelAuthResult.Allow(null, "local mode (BotFramework:AllowUnauthenticatedLocal) from loopback");
        }

        var token = authorizationHeader["Bearer ".Length..].Trim();
        BotSigningKeys keys;
        try
        {
            keys = await _keys.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            // Without keys nothing can be verified, so nothing is processed.
            _logger.LogError(ex, "Bot Framework signing keys unavailable from {Url}", _options.OpenIdMetadataUrl);
            return ChannelAuthResult.Unauthorized("signing keys unavailable");
        }

        var result = await ValidateAsync(token, keys);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key we have not seen yet: the channel rolled its keys. Refresh once and retry.
            _keys.RequestRefresh();
            keys = await _keys.GetConfigurationAsync(cancellationToken);
            result = await ValidateAsync(token, keys);
        }

        if (!result.IsValid)
        {
            _logger.LogWarning("Rejected channel token: {Reason}", result.Exception?.GetType().Name);
            return ChannelAuthResult.Unauthorized(result.Exception?.GetType().Name ?? "invalid token");
        }

        var kid = (result.SecurityToken as JsonWebToken)?.Kid;
        if (!string.IsNullOrEmpty(activity.ChannelId))
        {
            if (kid is null || !keys.Endorsements.TryGetValue(kid, out var endorsed)
                || !endorsed.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
            {
                return ChannelAuthResult.Forbidden($"signing key is not endorsed for channel '{activity.ChannelId}'");
            }
        }

        var serviceUrl = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
        if (serviceUrl is null || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return ChannelAuthResult.Forbidden("serviceurl claim does not match the activity's serviceUrl");
        }

        return ChannelAuthResult.Allow(result.ClaimsIdentity, "channel token");
    }

    private Task<TokenValidationResult> ValidateAsync(string token, BotSigningKeys keys) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = keys.Keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = _options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
        });
}
