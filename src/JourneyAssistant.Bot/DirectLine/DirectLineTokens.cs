using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>What a Direct Line token grants: one conversation, for one user, until it expires.</summary>
public sealed record DirectLineGrant(string ConversationId, string? UserId, DateTimeOffset Expires);

/// <summary>
/// Conversation-bound tokens, HMAC-SHA256 signed with the configured secret (or a random per-process key), so a
/// token for one conversation can neither read nor post into another.
/// </summary>
public sealed class DirectLineTokens
{
    private readonly byte[] _key;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _key = string.IsNullOrEmpty(_options.Secret)
            ? RandomNumberGenerator.GetBytes(32)
            : SHA256.HashData(Encoding.UTF8.GetBytes("directline-token:" + _options.Secret));
    }

    public int LifetimeSeconds => (int)_options.TokenLifetime.TotalSeconds;

    public string Issue(string conversationId, string? userId)
    {
        var expires = _time.GetUtcNow().Add(_options.TokenLifetime).ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(conversationId, userId, expires));
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(_key, payload))}";
    }

    /// <summary>The grant of a valid, unexpired token; null otherwise.</summary>
    public DirectLineGrant? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Split('.') is not [var body, var signature])
        {
            return null;
        }

        try
        {
            var payload = FromBase64Url(body);
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), FromBase64Url(signature)))
            {
                return null;
            }

            var data = JsonSerializer.Deserialize<Payload>(payload);
            if (data is null || string.IsNullOrEmpty(data.C))
            {
                return null;
            }

            var expires = DateTimeOffset.FromUnixTimeSeconds(data.E);
            return expires <= _time.GetUtcNow() ? null : new DirectLineGrant(data.C, data.U, expires);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="bearer"/> is the configured secret.</summary>
    public bool IsSecret(string? bearer) =>
        !string.IsNullOrEmpty(_options.Secret) && bearer is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(bearer), Encoding.UTF8.GetBytes(_options.Secret));

    public bool SecretRequired => !string.IsNullOrEmpty(_options.Secret);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private sealed record Payload(string C, string? U, long E);
}
