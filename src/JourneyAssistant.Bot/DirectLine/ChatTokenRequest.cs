using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>The optional body of a token request: the hosting page's signed user assertion.</summary>
public sealed record ChatTokenRequest([property: JsonPropertyName("userAssertion")] string? UserAssertion)
{
    /// <summary>Reads the body if there is one; an empty or non-JSON body means no assertion.</summary>
    public static async Task<string?> AssertionOfAsync(HttpContext http)
    {
        if (http.Request.ContentLength is null or 0 && !http.Request.Headers.TransferEncoding.Any())
        {
            return null;
        }

        try
        {
            var request = await JsonSerializer.DeserializeAsync<ChatTokenRequest>(http.Request.Body, cancellationToken: http.RequestAborted);
            return request?.UserAssertion;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
