using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>
/// Stands in for login.botframework.com on loopback: OpenID metadata + a JWKS with Bot Framework style
/// `endorsements`, and tokens signed with test RSA keys.
/// </summary>
public sealed class TestChannelAuthority : LoopbackServer
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "11111111-2222-3333-4444-555555555555";

    private readonly RSA _endorsed = RSA.Create(2048);
    private readonly RSA _unendorsed = RSA.Create(2048);
    private readonly RSA _stranger = RSA.Create(2048);

    public int MetadataRequests { get; private set; }

    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public static async Task<TestChannelAuthority> StartAsync()
    {
        var authority = new TestChannelAuthority();
        await authority.StartAsync(app =>
        {
            app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) =>
            {
                authority.MetadataRequests++;
                return Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = Issuer,
                    ["authorization_endpoint"] = "https://invalid.botframework.com",
                    ["jwks_uri"] = authority.BaseUrl + "/v1/.well-known/keys",
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
                });
            });
            app.MapGet("/v1/.well-known/keys", () => Results.Text(authority.Jwks(), "application/json"));
        });
        return authority;
    }

    private string Jwks()
    {
        static Dictionary<string, object> Key(RSA rsa, string kid, string[] endorsements)
        {
            var p = rsa.ExportParameters(false);
            return new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
                ["endorsements"] = endorsements,
            };
        }

        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                Key(_endorsed, "endorsed-key", ["msteams", "webchat", "emulator"]),
                Key(_unendorsed, "unendorsed-key", ["skype"]),
            },
        });
    }

    /// <summary>What to change in an otherwise valid token.</summary>
    public sealed record TokenSpec
    {
        public string Issuer { get; init; } = TestChannelAuthority.Issuer;
        public string Audience { get; init; } = AppId;
        public DateTime Expires { get; init; } = DateTime.UtcNow.AddMinutes(30);
        public DateTime NotBefore { get; init; } = DateTime.UtcNow.AddMinutes(-5);
        public string? ServiceUrl { get; init; }
        public string Kid { get; init; } = "endorsed-key";

        /// <summary>Sign with a key the JWKS does not hold (under the endorsed kid).</summary>
        public bool WrongSigningKey { get; init; }
    }

    public string CreateToken(TokenSpec spec)
    {
        var rsa = spec.WrongSigningKey ? _stranger : spec.Kid == "unendorsed-key" ? _unendorsed : _endorsed;
        var key = new RsaSecurityKey(rsa) { KeyId = spec.Kid };
        var claims = new List<Claim> { new("appid", "channel-app") };
        if (spec.ServiceUrl is not null)
        {
            claims.Add(new Claim("serviceurl", spec.ServiceUrl));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            Expires = spec.Expires,
            NotBefore = spec.NotBefore,
            IssuedAt = spec.NotBefore,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
