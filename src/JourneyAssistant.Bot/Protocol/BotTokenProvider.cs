using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>Bearer tokens for calls to the Bot Connector service.</summary>
public interface IBotTokenProvider
{
    /// <summary>A token for the connector scope, or null when no app id is configured (emulator/local mode).</summary>
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// MSAL client-credentials tokens for https://api.botframework.com/.default. MSAL's in-memory app token cache keeps
/// each token until shortly before expiry, so this asks the network about once an hour. Multi-tenant bots use the
/// botframework.com tenant; single-tenant bots their own.
/// </summary>
public sealed class MsalBotTokenProvider : IBotTokenProvider
{
    private readonly BotFrameworkOptions _options;
    private readonly Lazy<IConfidentialClientApplication>? _app;

    public MsalBotTokenProvider(IOptions<BotFrameworkOptions> options)
    {
        _options = options.Value;
        if (!string.IsNullOrWhiteSpace(_options.AppId) && !string.IsNullOrWhiteSpace(_options.AppPassword))
        {
            _app = new Lazy<IConfidentialClientApplication>(() => ConfidentialClientApplicationBuilder
                .Create(_options.AppId)
                .WithClientSecret(_options.AppPassword)
                .WithAuthority($"{_options.LoginAuthority.TrimEnd('/')}/{_options.AuthorityTenant}")
                .Build());
        }
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            return null;
        }

        var result = await _app.Value.AcquireTokenForClient([_options.OAuthScope]).ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }
}
