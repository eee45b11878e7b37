using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// The self-built app's active send API: cgi-bin/gettoken (token cached until shortly before expiry, refreshed on
/// 40014/42001), cgi-bin/message/send (markdown, text, image) and cgi-bin/media/upload. Transient errors are retried.
/// </summary>
public sealed class WeComApiClient
{
    private static readonly TimeSpan ExpirySafetyMargin = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly WeComOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WeComApiClient> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _token;

    public WeComApiClient(HttpClient http, IOptions<WeComOptions> options, TimeProvider time, ILogger<WeComApiClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pipeline = WeComResilience.Create(_options, time, logger);
        _http.BaseAddress ??= new Uri(_options.ApiBaseUrl.TrimEnd('/') + "/");
    }

    /// <summary>A valid access_token, fetched with corp id + secret when none is cached or it is about to expire.</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_token is { } cached && cached.ExpiresAt > _time.GetUtcNow())
        {
            return cached.Token;
        }

        await _tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } again && again.ExpiresAt > _time.GetUtcNow())
            {
                return again.Token;
            }

            if (string.IsNullOrWhiteSpace(_options.CorpId) || string.IsNullOrWhiteSpace(_options.Secret))
            {
                throw new InvalidOperationException("WeCom corp id and secret are not configured (WECOM_CORP_ID, WECOM_SECRET).");
            }

            var url = $"cgi-bin/gettoken?corpid={Uri.EscapeDataString(_options.CorpId)}&corpsecret={Uri.EscapeDataString(_options.Secret)}";
            using var response = await _http.GetAsync(url, cancellationToken);
            var json = await ReadAsync(response, cancellationToken);
            var token = json["access_token"]?.GetValue<string>() ?? throw new WeComApiException(-1, "gettoken returned no access_token");
            var expiresIn = json["expires_in"]?.GetValue<int>() ?? 7200;
            _token = (token, _time.GetUtcNow() + TimeSpan.FromSeconds(expiresIn) - ExpirySafetyMargin);
            _logger.LogInformation("WeCom access token refreshed; valid for {Seconds}s", expiresIn);
            return token;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    /// <summary>Sends markdown to a user, split into ≤ 2048-byte messages on paragraph boundaries.</summary>
    public async Task SendMarkdownAsync(string userId, string markdown, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in WeComMarkdown.Split(markdown, WeComMarkdown.AppMessageLimit))
        {
            await SendAsync(userId, "markdown", new JsonObject { ["content"] = chunk }, cancellationToken);
        }
    }

    /// <summary>Sends plain text (WeCom allows 2048 bytes; longer text is trimmed).</summary>
    public Task SendTextAsync(string userId, string text, CancellationToken cancellationToken = default) =>
        SendAsync(userId, "text", new JsonObject { ["content"] = WeComMarkdown.Trim(text, WeComMarkdown.AppMessageLimit) }, cancellationToken);

    /// <summary>Uploads a PNG as temporary media and sends it as an image message.</summary>
    public async Task SendImageAsync(string userId, byte[] png, string fileName, CancellationToken cancellationToken = default)
    {
        var mediaId = await UploadImageAsync(png, fileName, cancellationToken);
        await SendAsync(userId, "image", new JsonObject { ["media_id"] = mediaId }, cancellationToken);
    }

    /// <summary>cgi-bin/media/upload?type=image: multipart field "media" with filename and filelength; returns media_id.</summary>
    public async Task<string> UploadImageAsync(byte[] png, string fileName, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync(token =>
        {
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(png);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            // WeCom reads filename and filelength from the part's Content-Disposition.
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = "\"media\"",
                FileName = $"\"{fileName}\"",
            };
            file.Headers.ContentDisposition.Parameters.Add(new NameValueHeaderValue("filelength", png.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            content.Add(file);
            return new HttpRequestMessage(HttpMethod.Post, $"cgi-bin/media/upload?access_token={Uri.EscapeDataString(token)}&type=image") { Content = content };
        }, cancellationToken);
        return json["media_id"]?.GetValue<string>() ?? throw new WeComApiException(-1, "media/upload returned no media_id");
    }

    private Task SendAsync(string userId, string msgType, JsonObject payload, CancellationToken cancellationToken) =>
        CallAsync(token =>
        {
            var body = new JsonObject
            {
                ["touser"] = userId,
                ["msgtype"] = msgType,
                ["agentid"] = _options.AgentId,
                [msgType] = payload.DeepClone(),
                ["safe"] = 0,
                // Our own retries must not show a person the same answer twice.
                ["enable_duplicate_check"] = 1,
                ["duplicate_check_interval"] = 1800,
            };
            return new HttpRequestMessage(HttpMethod.Post, $"cgi-bin/message/send?access_token={Uri.EscapeDataString(token)}")
            {
                Content = JsonContent.Create(body),
            };
        }, cancellationToken);

    private async Task<JsonObject> CallAsync(Func<string, HttpRequestMessage> request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct =>
        {
            var token = await GetAccessTokenAsync(ct);
            using var message = request(token);
            using var response = await _http.SendAsync(message, ct);
            try
            {
                return await ReadAsync(response, ct);
            }
            catch (WeComApiException ex) when (ex.IsTokenError)
            {
                // Another process may have rotated the token; drop ours so the retry fetches a fresh one.
                _token = null;
                throw;
            }
        }, cancellationToken);

    /// <summary>The JSON body of a WeCom reply, or a <see cref="WeComApiException"/> for an HTTP error, a non-JSON body or a non-zero errcode (shared with the group robot).</summary>
    internal static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new WeComApiException(-(int)response.StatusCode, $"HTTP {(int)response.StatusCode}");
        }

        JsonObject? json;
        try
        {
            json = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        }
        catch (JsonException)
        {
            throw new WeComApiException(-1, "response is not JSON");
        }

        var code = json?["errcode"]?.GetValue<int>() ?? 0;
        return code == 0 && json is not null ? json : throw new WeComApiException(code, json?["errmsg"]?.GetValue<string>() ?? "");
    }
}
