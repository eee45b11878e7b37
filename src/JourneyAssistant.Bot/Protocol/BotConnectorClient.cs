using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>
/// The Bot Connector REST API (v3): POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId},
/// ids URL-escaped, with a client-credentials bearer token. Handles any http(s) service URL.
/// </summary>
public sealed class BotConnectorClient(HttpClient http, IBotTokenProvider tokens, ILogger<BotConnectorClient> logger) : IChannelConnector
{
    public bool Handles(Activity activity) =>
        Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public async Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id ?? throw new InvalidOperationException("Activity has no conversation id.");
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(activity.ReplyToId))
        {
            path += "/" + Uri.EscapeDataString(activity.ReplyToId);
        }

        var url = activity.ServiceUrl!.TrimEnd('/') + "/" + path;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(activity, options: ProtocolJson.Options),
        };
        if (await tokens.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Connector returned {Status} for {Type} to {Url}", (int)response.StatusCode, activity.Type, url);
            response.EnsureSuccessStatusCode();
        }

        return response.Content.Headers.ContentLength is 0
            ? null
            : await response.Content.ReadFromJsonAsync<ResourceResponse>(ProtocolJson.Options, cancellationToken);
    }
}
