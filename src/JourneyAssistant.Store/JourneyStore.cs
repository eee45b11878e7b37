using DuckDB.NET.Data;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Identity;
using JourneyAssistant.Store.Pii;
using JourneyAssistant.Store.Schema;

namespace JourneyAssistant.Store;

/// <summary>The touchpoint store: where the DuckDB file lives and how to open it (schema ensured, session pinned to UTC).</summary>
public sealed class JourneyStore
{
    private readonly Lazy<PiiKey> _piiKey;

    public JourneyStore(StoreOptions options, string contentRoot, JourneyDictionary dictionary)
        : this(options, contentRoot, new LiveDictionary(dictionary, OverlayPath(options, contentRoot)))
    {
    }

    /// <summary>A store whose dictionary follows <paramref name="vocabulary"/> (built-in plus the overlay in force).</summary>
    public JourneyStore(StoreOptions options, string contentRoot, LiveDictionary vocabulary)
    {
        Options = options;
        ContentRoot = contentRoot;
        Vocabulary = vocabulary;
        DatabasePath = Hosting.ContentRoot.Combine(contentRoot, options.Path);
        _piiKey = new Lazy<PiiKey>(() => PiiKey.Resolve(options.PiiKey, DatabasePath));
    }

    /// <summary>Absolute path of the DuckDB file.</summary>
    public string DatabasePath { get; }

    /// <summary>Folder that relative paths are resolved against.</summary>
    public string ContentRoot { get; }

    public StoreOptions Options { get; }

    /// <summary>The dictionary in force now (built-in plus overlay); a changed overlay is picked up here.</summary>
    public JourneyDictionary Dictionary => Vocabulary.Current;

    /// <summary>The live dictionary: overlay path, refusal of a broken overlay, forced refresh.</summary>
    public LiveDictionary Vocabulary { get; }

    /// <summary>The absolute overlay path configured in <paramref name="options"/>, or null.</summary>
    public static string? OverlayPath(StoreOptions options, string contentRoot) =>
        string.IsNullOrWhiteSpace(options.DictionaryOverlayPath) ? null : Hosting.ContentRoot.Combine(contentRoot, options.DictionaryOverlayPath);

    /// <summary>
    /// Re-reads the overlay and brings the store up to it: dictionary tables reloaded, custom names the dictionary now knows
    /// moved onto their ids, dictionary-derived columns rewritten (set-based, no re-ingest). Returns the overlay's refusal or null.
    /// </summary>
    public async Task<string?> RelabelAsync(CancellationToken ct = default)
    {
        var error = Vocabulary.Refresh();
        await using var connection = await OpenAsync(readOnly: false, ct);
        return error;
    }

    /// <summary>The per-install identifier hashing key (resolved on first use).</summary>
    public PiiKey PiiKey => KeyOverride ?? _piiKey.Value;

    /// <summary>A key to use instead of resolving one (a store built in a temporary file uses its final location's key).</summary>
    internal PiiKey? KeyOverride { get; init; }

    /// <summary>True when the DuckDB file exists.</summary>
    public bool Exists => File.Exists(DatabasePath);

    /// <summary>Opens a connection. Writable connections create/upgrade the schema and views first.</summary>
    public async Task<DuckDBConnection> OpenAsync(bool readOnly = false, CancellationToken ct = default)
    {
        var connection = await OpenConnectionAsync(readOnly, ct);
        if (!readOnly || !await StitchRepair.IsPendingAsync(connection, DatabasePath, ct))
        {
            return connection;
        }

        // An ingest was killed before it stitched: a reader's open repairs it through a writable open (which stitches),
        // unless another process holds the write lock; that one is ingesting and stitches itself.
        await connection.DisposeAsync();
        try
        {
            await using var writer = await OpenConnectionAsync(false, ct, LockWait);
        }
        catch (DuckDBException)
        {
        }

        return await OpenConnectionAsync(true, ct);
    }

    /// <summary>Opens <paramref name="connection"/>; while another process holds the file (an ingest writing) it waits
    /// <paramref name="wait"/> (a reader a little, a writer for the other writer to finish), then gives up with <see cref="StoreBusyException"/>, whose message says to try again.</summary>
    private async Task OpenWaitingForLockAsync(DuckDBConnection connection, TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                await connection.OpenAsync(ct);
                return;
            }
            catch (DuckDBException e) when (StoreBusyException.IsLockConflict(e))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new StoreBusyException(DatabasePath, e);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    /// <summary>How long an open waits for another process's lock before it reports the store busy.</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    private async Task<DuckDBConnection> OpenConnectionAsync(bool readOnly, CancellationToken ct, TimeSpan? wait = null)
    {
        if (!readOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        }
        else if (!Exists)
        {
            throw new FileNotFoundException($"The store {DatabasePath} does not exist yet; run `journey ingest` or any command that builds it.", DatabasePath);
        }

        var connection = new DuckDBConnection($"Data Source={DatabasePath}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
        try
        {
            await OpenWaitingForLockAsync(connection, wait ?? (readOnly ? LockWait : TimeSpan.FromSeconds(Options.WriterLockWaitSeconds)), ct);
            // Every instant is TIMESTAMPTZ; pinning the session to UTC keeps casts and output independent of the host zone.
            await connection.ExecuteAsync("SET TimeZone = 'UTC'", ct);
            if (!readOnly)
            {
                DuckDbMemorySetting.Apply(connection, "memory_limit", Options.MemoryLimit, "Store:MemoryLimit");
                DuckDbMemorySetting.Apply(connection, "block_allocator_memory", Options.BlockAllocatorMemory, "Store:BlockAllocatorMemory");
                if (Options.Threads > 0)
                {
                    await connection.ExecuteAsync($"SET threads = {Options.Threads}", ct);
                }

                await StoreSchema.EnsureAsync(connection, Dictionary, Options.ReportingTimeZone, ct);
                if (await StitchRepair.IsPendingAsync(connection, DatabasePath, ct))
                {
                    await IdentityStitcher.RunAsync(connection, Options.SharedIdentifierThreshold, null, ct);
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
