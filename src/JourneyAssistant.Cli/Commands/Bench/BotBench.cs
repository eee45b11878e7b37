using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>`journey bench bot`: a bounded load test of the bot host through its Direct Line endpoint on loopback.</summary>
internal static class BotBench
{
    private static readonly string[] Questions =
    [
        "哪个触点流失的用户最多？",
        "上周各渠道的转化率是多少？",
        "Which touchpoint loses the most users?",
        "最近30天的订单趋势如何？",
        "What was the conversion rate by channel last week?",
        "各地区的客服工单平均解决时长是多少？",
        "NPS by touchpoint last month",
        "新客首单来自哪些渠道？",
    ];

    public static Command Create(CliHost host)
    {
        var url = new Option<string?>("--url") { Description = "A running bot host (e.g. http://127.0.0.1:5080); without it the host is started on a free loopback port / 已运行的机器人地址" };
        var conversations = new Option<int>("--conversations") { Description = "Concurrent conversations / 并发会话数", DefaultValueFactory = _ => 50 };
        var questions = new Option<int>("--questions") { Description = "Questions in total / 问题总数", DefaultValueFactory = _ => 2000 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one answer may take before it counts as an error / 单个回答超时秒数", DefaultValueFactory = _ => 30 };
        var poll = new Option<int>("--poll-ms") { Description = "Direct Line polling interval per conversation (Web Chat uses 500–1000) / 轮询间隔毫秒", DefaultValueFactory = _ => 100 };
        var json = CliOptions.Json();
        var command = new Command("bot", "Bot load through Direct Line on loopback / 机器人负载测试") { url, conversations, questions, timeout, poll, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var total = Math.Max(1, parseResult.GetValue(questions));
            var parallel = Math.Clamp(parseResult.GetValue(conversations), 1, total);
            var perAnswer = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(timeout)));
            var pollInterval = TimeSpan.FromMilliseconds(Math.Clamp(parseResult.GetValue(poll), 10, 5000));
            using var started = parseResult.GetValue(url) is { Length: > 0 } given ? null : await StartHostAsync(host, ct);
            var baseUrl = parseResult.GetValue(url) is { Length: > 0 } u ? u.TrimEnd('/') : started!.BaseUrl;
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel * 2 }) { BaseAddress = new Uri(baseUrl), Timeout = perAnswer };

            // Warm-up: the first answer opens the store and loads skills; it is not part of the figures.
            await new Conversation(http, pollInterval).AskAsync(Questions[0], perAnswer, ct);

            var latencies = new ConcurrentBag<double>();
            var errors = new ConcurrentBag<string>();
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, parallel), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (_, token) =>
            {
                var conversation = new Conversation(http, pollInterval);
                try
                {
                    await conversation.StartAsync(token);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    errors.Add("start: " + ex.Message);
                    return;
                }

                int i;
                while ((i = Interlocked.Increment(ref next)) < total)
                {
                    try
                    {
                        var (latency, failed) = await conversation.AskAsync(Questions[i % Questions.Length], perAnswer, token);
                        latencies.Add(latency.TotalMilliseconds);
                        if (failed)
                        {
                            errors.Add($"question {i}: apology instead of an answer");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException)
                    {
                        errors.Add($"question {i}: {ex.GetType().Name} {ex.Message}");
                    }
                }
            });
            var elapsed = clock.Elapsed;

            var sorted = latencies.OrderBy(x => x).ToArray();
            double P(double q) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 1);
            var result = new
            {
                url = baseUrl,
                conversations = parallel,
                poll_ms = (int)pollInterval.TotalMilliseconds,
                machine_cores = Environment.ProcessorCount,
                load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
                questions = total,
                answered = sorted.Length,
                errors = errors.Count,
                seconds = Math.Round(elapsed.TotalSeconds, 2),
                questions_per_second = Math.Round(sorted.Length / elapsed.TotalSeconds, 1),
                p50_ms = P(0.50),
                p95_ms = P(0.95),
                p99_ms = P(0.99),
                max_ms = sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 1),
                target_p95_ms = 1500,
                passed = errors.IsEmpty && sorted.Length == total && P(0.95) <= 1500,
                first_errors = errors.Take(5).ToArray(),
            };
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result));
            }
            else
            {
                Console.WriteLine($"bot load / 机器人负载: {result.conversations} conversations (poll {result.poll_ms} ms, {result.machine_cores} cores, load {result.load_average}), {result.answered}/{result.questions} answered, {result.errors} errors in {result.seconds} s ({result.questions_per_second} q/s)");
                Console.WriteLine($"latency / 延迟: p50 {result.p50_ms} ms, p95 {result.p95_ms} ms (target ≤ 1500), p99 {result.p99_ms} ms, max {result.max_ms} ms → {(result.passed ? "PASS" : "FAIL")}");
                foreach (var error in result.first_errors)
                {
                    Console.WriteLine("  " + error);
                }
            }

            return result.passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>One Direct Line conversation, polling as Web Chat does (REST, watermark).</summary>
    private sealed class Conversation(HttpClient http, TimeSpan pollInterval)
    {
        private string _id = "";
        private string _token = "";
        private int _watermark;

        public async Task StartAsync(CancellationToken ct)
        {
            using var generated = await http.PostAsync("/v3/directline/tokens/generate", null, ct);
            generated.EnsureSuccessStatusCode();
            var token = (await generated.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            _id = body.GetProperty("conversationId").GetString()!;
            _token = body.GetProperty("token").GetString()!;
        }

        /// <summary>Sends a question and polls until the bot's reply to it arrives: the latency a Web Chat user sees (minus render).</summary>
        public async Task<(TimeSpan Latency, bool Failed)> AskAsync(string question, TimeSpan timeout, CancellationToken ct)
        {
            if (_id.Length == 0)
            {
                await StartAsync(ct);
            }

            var clock = Stopwatch.StartNew();
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_id}/activities")
            {
                Content = JsonContent.Create(new { type = "message", text = question, from = new { id = "bench-user" }, channelData = new { clientActivityID = Guid.NewGuid().ToString("N") } }),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var posted = await http.SendAsync(post, ct);
            posted.EnsureSuccessStatusCode();
            var activityId = (await posted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();

            while (clock.Elapsed < timeout)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{_id}/activities?watermark={_watermark}");
                get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await http.SendAsync(get, ct);
                response.EnsureSuccessStatusCode();
                var set = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                _watermark = int.Parse(set.GetProperty("watermark").GetString()!, CultureInfo.InvariantCulture);
                foreach (var activity in set.GetProperty("activities").EnumerateArray())
                {
                    if (activity.GetProperty("type").GetString() == "message"
                        && activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() == activityId)
                    {
                        var raw = activity.GetRawText();
                        var failed = !activity.TryGetProperty("attachments", out _) && (raw.Contains("抱歉", StringComparison.Ordinal) || raw.Contains("Sorry", StringComparison.Ordinal));
                        return (clock.Elapsed, failed);
                    }
                }

                // Web Chat polls every 500 ms–1 s; a shorter interval keeps the measurement about the host, not the poll interval.
                await Task.Delay(pollInterval, ct);
            }

            throw new TimeoutException($"no reply within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The bot host as a child process (`dotnet JourneyAssistant.Bot.dll`) on a free loopback port, stopped when disposed.</summary>
    private sealed class HostProcess(Process process, string baseUrl) : IDisposable
    {
        public string BaseUrl { get; } = baseUrl;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }
    }

    private static async Task<HostProcess> StartHostAsync(CliHost host, CancellationToken ct)
    {
        var dll = FindBotAssembly(host.ContentRoot)
            ?? throw new InvalidOperationException("JourneyAssistant.Bot.dll not found: build src/JourneyAssistant.Bot (Release) first, or pass --url.");
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var baseUrl = $"http://127.0.0.1:{port}";
            var info = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl])
            {
                WorkingDirectory = host.ContentRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["JOURNEY_HOME"] = host.ContentRoot;
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = new HostProcess(process, baseUrl);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    if ((await http.GetAsync(baseUrl + "/healthz", ct)).IsSuccessStatusCode)
                    {
                        return started;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                await Task.Delay(250, ct);
            }

            started.Dispose();
            throw new InvalidOperationException($"The bot host did not start on {baseUrl} within 60 s.");
        }
    }

    /// <summary>The newest built bot assembly: beside this CLI's own build output (same --artifacts-path), the repo's artifacts, or the project's bin folder.</summary>
    private static string? FindBotAssembly(string root) =>
        new[]
            {
                Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "JourneyAssistant.Bot")),
                Path.Combine(root, "artifacts", "bin", "JourneyAssistant.Bot"),
                Path.Combine(root, "src", "JourneyAssistant.Bot", "bin"),
            }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "JourneyAssistant.Bot.dll", SearchOption.AllDirectories))
            .Where(p => File.Exists(Path.ChangeExtension(p, ".runtimeconfig.json")))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderByDescending(p => p.Contains("release", StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
}
