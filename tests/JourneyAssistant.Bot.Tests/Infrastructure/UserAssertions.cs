using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>What a hosting page's sign-in hands the chat: a short-lived JWT naming the user, signed with the shared key.</summary>
public static class UserAssertions
{
    public const string Issuer = "https://portal.example.test";
    public const string Audience = "journey-assistant-webchat";
    public const string SigningKey = "test-signing-key-for-web-chat-sign-in-0123456789";

    /// <summary>The settings that make the host trust <see cref="Sign"/>'s assertions.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["DirectLine:SignIn:Issuer"] = Issuer,
        ["DirectLine:SignIn:Audience"] = Audience,
        ["DirectLine:SignIn:SigningKey"] = SigningKey,
    };

    public static string Sign(string user, string key = SigningKey, string issuer = Issuer, string audience = Audience, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", user)]),
            NotBefore = expires < now ? expires.AddMinutes(-10) : now.AddSeconds(-5),
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        };
        var handler = new JwtSecurityTokenHandler();
        return handler.WriteToken(handler.CreateToken(descriptor));
    }
}
