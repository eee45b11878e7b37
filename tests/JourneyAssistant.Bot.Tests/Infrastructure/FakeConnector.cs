using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>One request the bot made to the connector: the raw (still escaped) path, the bearer, the activity JSON.</summary>
public sealed record ConnectorCall(string RawPath, string? Authorization, JsonElement Activity)
{
    public string Type => Activity.GetProperty("type").GetString()!;
}

/// <summary>Stands in for the Bot Connector service (smba.trafficmanager.net) on loopback and records what the bot sends.</summary>
public sealed class FakeConnector : LoopbackServer
{
    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    public static async Task<FakeConnector> StartAsync()
    {
        var connector = new FakeConnector();
        await connector.StartAsync(app =>
        {
            app.MapPost("/{**rest}", async (HttpContext http) =>
            {
                var json = await JsonDocument.ParseAsync(http.Request.Body);
                var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
                connector.Calls.Enqueue(new ConnectorCall(raw, http.Request.Headers.Authorization.FirstOrDefault(), json.RootElement.Clone()));
                return Results.Json(new { id = "reply-" + connector.Calls.Count });
            });
        });
        return connector;
    }

    public IReadOnlyList<ConnectorCall> Messages => Calls.Where(c => c.Type == "message").ToList();

    /// <summary>Waits until <paramref name="count"/> message activities have arrived.</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (Messages.Count >= count)
            {
                return Messages;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Expected {count} message(s) at the connector, got {Messages.Count}.");
    }
}
