using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>Reads one Activity from a request body under a size cap; both the Bot Framework and the Direct Line endpoints take activities this way.</summary>
public static class ActivityBody
{
    /// <summary>The activity, or the problem response to return instead (400 malformed / no type, 413 too large).</summary>
    public static async Task<(Activity? Activity, IResult? Problem)> ReadAsync(HttpContext http, long maxBytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, ProtocolJson.Options, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed activity JSON", detail: ex.Message));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Results.Problem(statusCode: ex.StatusCode, title: "Request body rejected"));
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not an activity (no type)."));
        }

        return (activity, null);
    }
}
