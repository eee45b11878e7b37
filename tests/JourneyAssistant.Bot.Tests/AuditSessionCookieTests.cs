using System.Net;
using JourneyAssistant.Bot.Audit;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Issue 21: the /audit cookie held the raw dev key. It now holds a signed session value; the key itself, or a forged value, is refused.</summary>
public sealed class AuditSessionCookieTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    private async Task<HttpStatusCode> WithCookieAsync(string value)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = fixture.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/audit");
        request.Headers.Add("Cookie", $"journey_audit={value}");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_cookie_does_not_contain_the_key_works_as_a_session_and_a_forged_one_is_refused()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = fixture.Client.BaseAddress };
        using var first = await http.GetAsync($"/audit?key={DirectLineFixture.AuditKey}");
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("journey_audit=", StringComparison.Ordinal));
        var value = WebUtility.UrlDecode(setCookie["journey_audit=".Length..].Split(';')[0]);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.DoesNotContain(DirectLineFixture.AuditKey, value);
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(Uri.EscapeDataString(value)));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(DirectLineFixture.AuditKey));
        var forged = value[..^2] + (value[^2] == 'A' ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(Uri.EscapeDataString(forged)));
    }

    [Fact]
    public void A_session_ends_at_its_expiry_and_with_a_new_key()
    {
        var now = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        var value = AuditSession.Issue("key-one", now.AddHours(8));

        Assert.True(AuditSession.IsValid("key-one", value, now.AddHours(7.9)));
        Assert.False(AuditSession.IsValid("key-one", value, now.AddHours(8)));
        Assert.False(AuditSession.IsValid("key-two", value, now));
        // A later expiry written over a real signature does not extend the session.
        var extended = now.AddDays(30).ToUnixTimeSeconds() + value[value.IndexOf('.')..];
        Assert.False(AuditSession.IsValid("key-one", extended, now.AddHours(9)));
        Assert.False(AuditSession.IsValid("key-one", "not-a-session", now));
        Assert.False(AuditSession.IsValid("key-one", "", now));
    }
}
