using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JourneyAssistant.Bot.Audit;

/// <summary>
/// The /audit session cookie: an expiry and an HMAC of it under the dev key, so the cookie never holds the key itself
/// (a copied cookie dies at its expiry, and rotating the key ends every session).
/// </summary>
public static class AuditSession
{
    private const string Purpose = "journey-audit-session|";

    /// <summary>A session value valid until <paramref name="expires"/>.</summary>
    public static string Issue(string key, DateTimeOffset expires)
    {
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return expiry + "." + Sign(key, expiry);
    }

    /// <summary>True when the value was issued under <paramref name="key"/> and has not expired at <paramref name="now"/>.</summary>
    public static bool IsValid(string key, string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, value[..dot]));
        var presented = Encoding.ASCII.GetBytes(value[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, presented) && now.ToUnixTimeSeconds() < expiry;
    }

    private static string Sign(string key, string expiry)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(Purpose + expiry));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
