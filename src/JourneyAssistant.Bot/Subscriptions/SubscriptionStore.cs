using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// Subscriptions and the send log in one small JSON file (default data/subscriptions.json), rewritten atomically on every
/// change so a restart or crash never loses a subscription or forgets a delivered week.
/// </summary>
public sealed class SubscriptionStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _path;
    private readonly ILogger<SubscriptionStore> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SubscriptionStore(IOptions<SubscriptionOptions> options, ILogger<SubscriptionStore> logger)
    {
        _path = ContentRoot.Combine(ContentRoot.Resolve(), options.Value.Path);
        _logger = logger;
    }

    /// <summary>The file this store reads and writes.</summary>
    public string FilePath => _path;

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await LoadAsync(cancellationToken)).Subscriptions;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds a subscription, replacing any earlier one of the same destination (one schedule per conversation).</summary>
    public Task AddAsync(Subscription subscription, CancellationToken cancellationToken = default) =>
        UpdateAsync(file => file with
        {
            Subscriptions = [.. file.Subscriptions.Where(s => s.Reference.Key != subscription.Reference.Key), subscription],
        }, cancellationToken);

    /// <summary>Removes every subscription of the destination; returns how many were removed.</summary>
    public async Task<int> RemoveAsync(ConversationReference reference, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        await UpdateAsync(file =>
        {
            var keep = file.Subscriptions.Where(s => s.Reference.Key != reference.Key).ToList();
            removed = file.Subscriptions.Count - keep.Count;
            return file with { Subscriptions = keep };
        }, cancellationToken);
        return removed;
    }

    public async Task<bool> WasSentAsync(string subscriptionId, string isoWeek, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await LoadAsync(cancellationToken)).Deliveries.Any(d => d.SubscriptionId == subscriptionId && d.IsoWeek == isoWeek);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<SubscriptionDelivery>> DeliveriesAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await LoadAsync(cancellationToken)).Deliveries;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records a delivered week; the send log keeps a year of entries per subscription.</summary>
    public Task RecordSentAsync(SubscriptionDelivery delivery, CancellationToken cancellationToken = default) =>
        UpdateAsync(file => file with
        {
            Deliveries = [.. file.Deliveries.Where(d => d.SentAt > delivery.SentAt.AddDays(-366)), delivery],
        }, cancellationToken);

    private async Task UpdateAsync(Func<SubscriptionFile, SubscriptionFile> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var updated = change(await LoadAsync(cancellationToken));
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temp = _path + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(updated, Json), cancellationToken);
            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SubscriptionFile> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return new SubscriptionFile();
        }

        try
        {
            return JsonSerializer.Deserialize<SubscriptionFile>(await File.ReadAllTextAsync(cancellationToken: cancellationToken, path: _path), Json)
                ?? new SubscriptionFile();
        }
        catch (JsonException ex)
        {
            // Never overwrite a file we cannot read: that would silently drop everyone's subscriptions.
            _logger.LogError(ex, "Subscription file {Path} is unreadable; fix or remove it", _path);
            throw new InvalidOperationException($"Subscription file {_path} is unreadable: {ex.Message}", ex);
        }
    }

    private sealed record SubscriptionFile
    {
        [JsonPropertyName("subscriptions")] public IReadOnlyList<Subscription> Subscriptions { get; init; } = [];

        [JsonPropertyName("sent")] public IReadOnlyList<SubscriptionDelivery> Deliveries { get; init; } = [];
    }
}
