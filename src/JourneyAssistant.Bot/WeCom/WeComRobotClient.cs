using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// Group-robot webhook (cgi-bin/webhook/send?key=...): markdown ≤ 4096 bytes, images as base64 + md5 ≤ 2 MB, and at most
/// 20 messages a minute per robot (a sliding-window limiter waits rather than getting 45009).
/// </summary>
public sealed class WeComRobotClient
{
    /// <summary>Largest image (before Base64) a robot accepts.</summary>
    public const int MaxImageBytes = 2 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly WeComOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WeComRobotClient> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public WeComRobotClient(HttpClient http, IOptions<WeComOptions> options, TimeProvider time, ILogger<WeComRobotClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pipeline = WeComResilience.Create(_options, time, logger);
    }

    /// <summary>Sends markdown, split into ≤ 4096-byte messages.</summary>
    public async Task SendMarkdownAsync(string webhookUrl, string markdown, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in WeComMarkdown.Split(markdown, WeComMarkdown.RobotMessageLimit))
        {
            await PostAsync(webhookUrl, new JsonObject { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["content"] = chunk } }, cancellationToken);
        }
    }

    /// <summary>Sends a PNG/JPG image; false (nothing sent) when it exceeds 2 MB.</summary>
    public async Task<bool> SendImageAsync(string webhookUrl, byte[] image, CancellationToken cancellationToken = default)
    {
        if (image.Length > MaxImageBytes)
        {
            _logger.LogWarning("Chart of {Bytes} bytes exceeds the robot's 2 MB image limit; not sent", image.Length);
            return false;
        }

        await PostAsync(webhookUrl, new JsonObject
        {
            ["msgtype"] = "image",
            ["image"] = new JsonObject
            {
                ["base64"] = Convert.ToBase64String(image),
                ["md5"] = Convert.ToHexStringLower(MD5.HashData(image)),
            },
        }, cancellationToken);
        return true;
    }

    private async Task PostAsync(string webhookUrl, JsonObject body, CancellationToken cancellationToken)
    {
        await _pipeline.ExecuteAsync(async ct =>
        {
            await WaitForSlotAsync(webhookUrl, ct);
            using var response = await _http.PostAsync(webhookUrl, JsonContent.Create(body), ct);
            await WeComApiClient.ReadAsync(response, ct);
        }, cancellationToken);
    }

    private async Task WaitForSlotAsync(string webhookUrl, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var now = _time.GetUtcNow();
                var window = _sent.TryGetValue(webhookUrl, out var q) ? q : _sent[webhookUrl] = new Queue<DateTimeOffset>();
                while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
                {
                    window.Dequeue();
                }

                if (window.Count < _options.RobotMessagesPerMinute)
                {
                    window.Enqueue(now);
                    return;
                }

                wait = window.Peek() + TimeSpan.FromMinutes(1) - now;
            }
            finally
            {
                _gate.Release();
            }

            _logger.LogInformation("Group robot at its per-minute limit; waiting {Wait}", wait);
            await Task.Delay(wait, _time, cancellationToken);
        }
    }
}
