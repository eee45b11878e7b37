using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Bot.WeCom;
using JourneyAssistant.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Runs the vendor's official @wecom/crypto npm package through tests/.../wecom-interop/interop.js.</summary>
public static class WeComNodeInterop
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "JourneyAssistant.Bot.Tests", "wecom-interop");

    public static async Task<JsonObject> RunAsync(object request)
    {
        await EnsureInstalledAsync();
        var result = await ExecAsync("node", "interop.js", JsonSerializer.Serialize(request));
        Assert.True(result.ExitCode == 0, $"node interop.js failed: {result.StdErr}");
        return JsonNode.Parse(result.StdOut)!.AsObject();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", "@wecom", "crypto", "package.json")))
            {
                return;
            }

            // Pinned by the committed package-lock.json.
            var install = await ExecAsync("npm", "ci --no-audit --no-fund", null);
            Assert.True(install.ExitCode == 0, $"npm ci failed in {Folder}: {install.StdErr}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> ExecAsync(string file, string arguments, string? stdin)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Test double of the analyst (the real one needs the store and skills): records questions, answers with their text.</summary>
public sealed class RecordingAnalyst : IAnalyst
{
    public ConcurrentQueue<Question> Questions { get; } = new();

    /// <summary>Chart file attached to every answer, or null.</summary>
    public string? ChartPath { get; set; }

    /// <summary>When set, the next calls fail with this many exceptions first.</summary>
    public int FailuresLeft;

    /// <summary>How long each answer takes (cancelled with the call).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public async Task<Answer> AskAsync(Question question, CancellationToken cancellationToken = default)
    {
        Questions.Enqueue(question);
        if (Interlocked.Decrement(ref FailuresLeft) >= 0)
        {
            throw new InvalidOperationException("analyst unavailable");
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        var zh = question.Text.Any(c => c is >= '\u4e00' and <= '\u9fff');
        return new Answer
        {
            Question = question.Text,
            Language = zh ? "zh" : "en",
            Kind = question.Text.Contains("周报") || question.Text.Contains("weekly summary") ? AnswerKind.Summary : AnswerKind.Answered,
            Text = $"{(zh ? "回答" : "Answer")}: {question.Text} ({question.User})",
            Chart = ChartPath,
        };
    }
}

/// <summary>A bot host on 127.0.0.1 with only AddWeCom()/AddSubscriptions(), a fake clock, the recording analyst and the fake WeCom API.</summary>
public sealed class WeComTestHost : IAsyncDisposable
{
    public const string Token = "QDG6eK";
    public const string EncodingAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    private readonly WebApplication _app;

    private WeComTestHost(WebApplication app, WeComFakeApi api, FakeTimeProvider time, RecordingAnalyst analyst, string dataFolder, HttpClient client)
    {
        _app = app;
        Api = api;
        Time = time;
        Analyst = analyst;
        DataFolder = dataFolder;
        Client = client;
        Crypto = new WeComMessageCrypto(Token, EncodingAesKey, WeComFakeApi.CorpId);
    }

    public WeComFakeApi Api { get; }

    public FakeTimeProvider Time { get; }

    public RecordingAnalyst Analyst { get; }

    public string DataFolder { get; }

    public HttpClient Client { get; }

    /// <summary>The corp's crypto, to build callbacks as WeCom would.</summary>
    public WeComMessageCrypto Crypto { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<WeComTestHost> StartAsync(DateTimeOffset? now = null, Dictionary<string, string?>? settings = null)
    {
        var api = await WeComFakeApi.StartAsync();
        var time = new FakeTimeProvider(now ?? DateTimeOffset.UtcNow);
        var analyst = new RecordingAnalyst();
        var data = RepoPaths.NewScratchFolder("wecom");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeCom:CorpId"] = WeComFakeApi.CorpId,
            ["WeCom:Secret"] = WeComFakeApi.Secret,
            ["WeCom:AgentId"] = WeComFakeApi.AgentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WeCom:Token"] = Token,
            ["WeCom:EncodingAesKey"] = EncodingAesKey,
            ["WeCom:ApiBaseUrl"] = api.BaseUrl,
            ["WeCom:RobotWebhookUrl"] = api.RobotWebhookUrl,
            ["WeCom:RetryDelay"] = "00:00:00",
            ["Subscriptions:Path"] = Path.Combine(data, "subscriptions.json"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IAnalyst>(analyst);
        builder.AddWeCom();
        builder.AddSubscriptions();
        var app = builder.Build();
        app.MapWeCom();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WeComTestHost(app, api, time, analyst, data, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>POSTs a message to /api/wecom encrypted and signed the way WeCom does.</summary>
    public Task<HttpResponseMessage> PostAsync(string plaintextXml, long? timestamp = null, string nonce = "1372623149", Func<string, string>? tamper = null, string? signature = null)
    {
        var encrypt = Crypto.Encrypt(plaintextXml);
        encrypt = tamper?.Invoke(encrypt) ?? encrypt;
        var ts = (timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        signature ??= Crypto.Sign(ts, nonce, encrypt);
        var body = $"<xml><ToUserName><![CDATA[{WeComFakeApi.CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[{WeComFakeApi.AgentId}]]></AgentID></xml>";
        return PostRawAsync(body, signature, ts, nonce);
    }

    public Task<HttpResponseMessage> PostRawAsync(string body, string signature, string timestamp, string nonce) =>
        Client.PostAsync($"/api/wecom?msg_signature={signature}&timestamp={timestamp}&nonce={nonce}", new StringContent(body, System.Text.Encoding.UTF8, "text/xml"));

    /// <summary>A WeCom text message callback plaintext.</summary>
    public static string TextMessage(string from, string content, string msgId, long createTime = 1_700_000_000) =>
        $"<xml><ToUserName><![CDATA[{WeComFakeApi.CorpId}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId><AgentID>{WeComFakeApi.AgentId}</AgentID></xml>";

    /// <summary>Polls until <paramref name="condition"/> holds (background work on loopback), failing after 15 s.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Api.DisposeAsync();
    }
}

/// <summary>A tiny valid PNG for chart tests.</summary>
public static class WeComTestPng
{
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "chart.png");
        File.WriteAllBytes(path, Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
        return path;
    }
}
