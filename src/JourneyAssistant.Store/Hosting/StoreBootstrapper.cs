using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Store.Hosting;

/// <summary>Makes sure the configured store exists: on a fresh clone it is built from the sample data, so every command works without set-up.</summary>
public sealed class StoreBootstrapper(JourneyStore store, ILogger<StoreBootstrapper>? logger = null)
{
    private static readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = logger ?? NullLogger<StoreBootstrapper>.Instance;

    /// <summary>The report of the build, when this call built the store.</summary>
    public IngestReport? BuildReport { get; private set; }

    /// <summary>Builds the store when the file does not exist: from `&lt;SampleDataPath&gt;/raw/` (each file with the mapping whose glob matches) when <see cref="SeedsSample"/>, else empty; otherwise makes sure schema and views are current.</summary>
    /// <param name="createEmpty">
    /// For writers (an ingest): a missing store that is not seeded is created empty. Readers leave it false and get a
    /// <see cref="StoreMissingException"/>, so a mistyped path is said, not answered from an empty store.
    /// </param>
    /// <exception cref="StoreMissingException">The file is missing, not seeded from the sample, and <paramref name="createEmpty"/> is false.</exception>
    public async Task EnsureBuiltAsync(IProgress<IngestProgress>? progress = null, CancellationToken ct = default, bool createEmpty = false)
    {
        if (!store.Exists && !createEmpty && !SeedsSample())
        {
            throw new StoreMissingException(store.DatabasePath);
        }

        if (createEmpty && store.Exists)
        {
            // The caller writes next (an ingest), and its writable open brings the schema up to date; a read-only look
            // first would fail while another ingest holds the store, where the writer's open waits its turn.
            return;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (store.Exists && await IsCurrentAsync(ct))
            {
                return;
            }

            // Several processes (CLI, bot, test runs) may start on a fresh clone at once: one builds, the others wait.
            await using var buildLock = await AcquireLockAsync(store.DatabasePath + ".lock", ct);
            if (store.Exists)
            {
                await using var existing = await store.OpenAsync(ct: ct);
                return;
            }

            var sampleRoot = ContentRoot.Combine(store.ContentRoot, store.Options.SampleDataPath);
            var rawFolder = Path.Combine(sampleRoot, "raw");
            var files = SeedsSample() && Directory.Exists(rawFolder)
                ? Directory.EnumerateFiles(rawFolder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
                : [];
            _logger.LogInformation("Building the store {Path} from {Count} sample files in {Folder}", store.DatabasePath, files.Count, rawFolder);

            // Build beside the target and move into place, so an interrupted build never leaves a half-filled store behind.
            var building = store.DatabasePath + ".building";
            Directory.CreateDirectory(Path.GetDirectoryName(building)!);
            File.Delete(building);
            File.Delete(building + ".wal");
            // The key belongs beside the final file, so resolve it for the final path and hand it to the temporary store.
            var options = store.Options.WithPath(building);
            var buildStore = new JourneyStore(options, store.ContentRoot, store.Vocabulary) { KeyOverride = store.PiiKey };
            if (files.Count > 0)
            {
                BuildReport = await new IngestionService(buildStore).IngestAsync(files, null, progress, ct);
            }
            else
            {
                await using var empty = await buildStore.OpenAsync(ct: ct);
            }

            File.Move(building, store.DatabasePath);
            if (File.Exists(building + ".wal"))
            {
                File.Move(building + ".wal", store.DatabasePath + ".wal");
            }

            // The build's analysis snapshot moves with it (a rename keeps the file's size and time, so its version name holds).
            if (Directory.Exists(Schema.AnalysisSnapshot.FolderOf(building)))
            {
                if (Directory.Exists(Schema.AnalysisSnapshot.FolderOf(store.DatabasePath)))
                {
                    Directory.Delete(Schema.AnalysisSnapshot.FolderOf(store.DatabasePath), recursive: true);
                }

                Directory.Move(Schema.AnalysisSnapshot.FolderOf(building), Schema.AnalysisSnapshot.FolderOf(store.DatabasePath));
            }

            _logger.LogInformation("Store ready: {Accepted} events, {Persons} persons", BuildReport?.Accepted ?? 0, BuildReport?.Persons ?? 0);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True when a missing store file at the configured path is built from the sample data (<see cref="StoreOptions.SeedSample"/>).</summary>
    public bool SeedsSample() => store.Options.SeedSample switch
    {
        SampleSeeding.Always => true,
        SampleSeeding.Never => false,
        _ => string.Equals(Path.GetFullPath(store.DatabasePath), Path.GetFullPath(ContentRoot.Combine(store.ContentRoot, StoreOptions.DefaultPath)),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
    };

    private async Task<bool> IsCurrentAsync(CancellationToken ct)
    {
        // Read-only first: many readers may share the file, and an up-to-date store needs no write lock.
        await using var connection = await store.OpenAsync(readOnly: true, ct);
        return await Schema.StoreSchema.IsCurrentAsync(connection, store.Dictionary, store.Options.ReportingTimeZone, ct);
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, ct);
            }
        }
    }
}
