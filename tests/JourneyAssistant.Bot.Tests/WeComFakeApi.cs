using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// A local stand-in for qyapi.weixin.qq.com on 127.0.0.1 (random port) that enforces the real request shapes:
/// gettoken (GET corpid + corpsecret), message/send (POST JSON touser/msgtype/agentid/&lt;msgtype&gt;, markdown ≤ 2048 bytes),
/// media/upload (multipart part "media" with filename, type=image), webhook/send (markdown ≤ 4096 bytes, image base64 + md5).
/// Errors can be injected per API; shape violations are answered with WeCom-style errcodes and recorded.
/// </summary>
public sealed class WeComFakeApi : IAsyncDisposable
{
    public const string CorpId = "wwjourneytest0001";
    public const string Secret = "test-app-secret";
    public const int AgentId = 1000002;
    public const string RobotKey = "robot-key-123";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, int ErrCode)>> _faults = new();
    private readonly ConcurrentDictionary<string, byte[]> _media = new();
    private int _tokenSerial;
    private volatile string? _validToken;

    private WeComFakeApi(WebApplication app) => _app = app;

    /// <summary>Every request that reached the fake, in order.</summary>
    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    /// <summary>Messages accepted by message/send or webhook/send (after validation).</summary>
    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    /// <summary>Shape violations seen (a test asserts this stays empty).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public string RobotWebhookUrl => $"{BaseUrl}/cgi-bin/webhook/send?key={RobotKey}";

    public int TokensIssued => _tokenSerial;

    public static async Task<WeComFakeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new WeComFakeApi(app);
        app.MapGet("/cgi-bin/gettoken", fake.GetToken);
        app.MapPost("/cgi-bin/message/send", fake.MessageSend);
        app.MapPost("/cgi-bin/media/upload", fake.MediaUpload);
        app.MapPost("/cgi-bin/webhook/send", fake.WebhookSend);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>The next calls of <paramref name="api"/> ("gettoken", "message/send", "media/upload", "webhook/send") fail like this, in order.</summary>
    public void Inject(string api, params (int Status, int ErrCode)[] faults)
    {
        var queue = _faults.GetOrAdd(api, _ => new ConcurrentQueue<(int, int)>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>Makes the current access token expire (the next call with it gets 42001).</summary>
    public void ExpireToken() => _validToken = null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult? Fault(string api)
    {
        if (_faults.TryGetValue(api, out var queue) && queue.TryDequeue(out var fault))
        {
            return fault.Status != 200
                ? Results.StatusCode(fault.Status)
                : Results.Json(new { errcode = fault.ErrCode, errmsg = "injected" });
        }

        return null;
    }

    private IResult GetToken(HttpRequest request)
    {
        Calls.Enqueue(new FakeCall("gettoken", request.QueryString.Value ?? "", null, null));
        if (Fault("gettoken") is { } fault)
        {
            return fault;
        }

        if (request.Query["corpid"] != CorpId)
        {
            return Violation(40013, "invalid corpid");
        }

        if (request.Query["corpsecret"] != Secret)
        {
            return Violation(40001, "invalid credential");
        }

        var token = $"token-{Interlocked.Increment(ref _tokenSerial)}";
        _validToken = token;
        return Results.Json(new { errcode = 0, errmsg = "ok", access_token = token, expires_in = 7200 });
    }

    private async Task<IResult> MessageSend(HttpRequest request)
    {
        var text = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        Calls.Enqueue(new FakeCall("message/send", request.QueryString.Value ?? "", text, request.ContentType));
        if (Fault("message/send") is { } fault)
        {
            return fault;
        }

        if (TokenError(request) is { } tokenError)
        {
            return tokenError;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(text)!.AsObject();
        }
        catch (JsonException)
        {
            return Violation(47001, "data format error");
        }

        var msgType = body["msgtype"]?.GetValue<string>();
        if (body["touser"]?.GetValue<string>() is not { Length: > 0 } toUser)
        {
            return Violation(40031, "invalid user list");
        }

        if (body["agentid"] is not JsonValue agent || agent.GetValueKind() != JsonValueKind.Number || agent.GetValue<int>() != AgentId)
        {
            return Violation(40056, "invalid agentid");
        }

        switch (msgType)
        {
            case "markdown" or "text":
                var content = body[msgType]?["content"]?.GetValue<string>();
                if (string.IsNullOrEmpty(content))
                {
                    return Violation(44004, "empty content");
                }

                if (Encoding.UTF8.GetByteCount(content) > 2048)
                {
                    return Violation(45002, "content size out of limit");
                }

                Sent.Enqueue(new SentMessage(toUser, msgType, content, null));
                break;
            case "image":
                var mediaId = body["image"]?["media_id"]?.GetValue<string>();
                if (mediaId is null || !_media.TryGetValue(mediaId, out var image))
                {
                    return Violation(40007, "invalid media_id");
                }

                Sent.Enqueue(new SentMessage(toUser, "image", null, image));
                break;
            default:
                return Violation(40008, "invalid message type");
        }

        return Results.Json(new { errcode = 0, errmsg = "ok", invaliduser = "", msgid = Guid.NewGuid().ToString("N") });
    }

    private async Task<IResult> MediaUpload(HttpRequest request)
    {
        Calls.Enqueue(new FakeCall("media/upload", request.QueryString.Value ?? "", null, request.ContentType));
        if (Fault("media/upload") is { } fault)
        {
            return fault;
        }

        if (TokenError(request) is { } tokenError)
        {
            return tokenError;
        }

        if (request.Query["type"] != "image")
        {
            return Violation(40004, "invalid media type");
        }

        if (!request.HasFormContentType)
        {
            return Violation(41001, "multipart/form-data expected");
        }

        var form = await request.ReadFormAsync();
        var file = form.Files.GetFile("media");
        if (file is null || string.IsNullOrEmpty(file.FileName) || file.Length < 5)
        {
            return Violation(40005, "part 'media' with a filename expected");
        }

        var declared = file.ContentDisposition is { } cd && cd.Contains($"filelength={file.Length}", StringComparison.Ordinal);
        if (!declared)
        {
            return Violation(40005, "filelength missing from Content-Disposition");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var mediaId = $"media-{Guid.NewGuid():N}";
        _media[mediaId] = buffer.ToArray();
        return Results.Json(new { errcode = 0, errmsg = "", type = "image", media_id = mediaId, created_at = "1380000000" });
    }

    private async Task<IResult> WebhookSend(HttpRequest request)
    {
        var text = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        Calls.Enqueue(new FakeCall("webhook/send", request.QueryString.Value ?? "", text, request.ContentType));
        if (Fault("webhook/send") is { } fault)
        {
            return fault;
        }

        if (request.Query["key"] != RobotKey)
        {
            return Violation(93000, "invalid webhook url");
        }

        var body = JsonNode.Parse(text)!.AsObject();
        switch (body["msgtype"]?.GetValue<string>())
        {
            case "markdown":
                var content = body["markdown"]?["content"]?.GetValue<string>() ?? "";
                if (content.Length == 0 || Encoding.UTF8.GetByteCount(content) > 4096)
                {
                    return Violation(40058, "markdown content must be 1..4096 bytes");
                }

                Sent.Enqueue(new SentMessage("robot", "markdown", content, null));
                break;
            case "image":
                var base64 = body["image"]?["base64"]?.GetValue<string>() ?? "";
                var md5 = body["image"]?["md5"]?.GetValue<string>() ?? "";
                var bytes = Convert.FromBase64String(base64);
                if (bytes.Length > 2 * 1024 * 1024)
                {
                    return Violation(40009, "image size out of limit");
                }

                if (!string.Equals(Convert.ToHexStringLower(MD5.HashData(bytes)), md5, StringComparison.Ordinal))
                {
                    return Violation(301019, "md5 not match");
                }

                Sent.Enqueue(new SentMessage("robot", "image", null, bytes));
                break;
            default:
                return Violation(40008, "invalid message type");
        }

        return Results.Json(new { errcode = 0, errmsg = "ok" });
    }

    private IResult? TokenError(HttpRequest request)
    {
        var token = request.Query["access_token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return Violation(41001, "access_token missing");
        }

        // A token that was once issued but is no longer current has expired; anything else is invalid.
        return token == _validToken ? null
            : token.StartsWith("token-", StringComparison.Ordinal) ? Results.Json(new { errcode = 42001, errmsg = "access_token expired" })
            : Violation(40014, "invalid access_token");
    }

    private IResult Violation(int code, string message)
    {
        Violations.Enqueue($"{code} {message}");
        return Results.Json(new { errcode = code, errmsg = message });
    }
}

/// <summary>A request the fake received.</summary>
public sealed record FakeCall(string Api, string Query, string? Body, string? ContentType);

/// <summary>A message the fake accepted: to whom, type, markdown/text content or image bytes.</summary>
public sealed record SentMessage(string To, string Type, string? Content, byte[]? Image);
