using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>The channel signing keys of the Bot Framework OpenID metadata, with each key's endorsements (the channel ids it may sign for).</summary>
public sealed class BotSigningKeys
{
    public BotSigningKeys(IReadOnlyList<SecurityKey> keys, IReadOnlyDictionary<string, IReadOnlyList<string>> endorsements)
    {
        Keys = keys;
        Endorsements = endorsements;
    }

    public IReadOnlyList<SecurityKey> Keys { get; }

    /// <summary>Key id → endorsed channel ids.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements { get; }
}

/// <summary>
/// Reads the OpenID metadata document, then its jwks_uri, keeping the non-standard `endorsements` array of each key
/// (the stock OpenIdConnectConfiguration drops it). Used through a ConfigurationManager, which caches and refreshes.
/// </summary>
public sealed class BotSigningKeysRetriever : IConfigurationRetriever<BotSigningKeys>
{
    public async Task<BotSigningKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadata = JsonDocument.Parse(await retriever.GetDocumentAsync(address, cancel));
        if (!metadata.RootElement.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.GetString() is not { Length: > 0 } jwksAddress)
        {
            throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
        }

        var jwksJson = await retriever.GetDocumentAsync(jwksAddress, cancel);
        var set = new JsonWebKeySet(jwksJson);
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var jwks = JsonDocument.Parse(jwksJson);
        if (jwks.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in keys.EnumerateArray())
            {
                if (key.TryGetProperty("kid", out var kid) && kid.GetString() is { } id
                    && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    endorsements[id] = list.EnumerateArray().Select(e => e.GetString() ?? "").Where(e => e.Length > 0).ToList();
                }
            }
        }

        return new BotSigningKeys(set.GetSigningKeys().ToList(), endorsements);
    }
}
