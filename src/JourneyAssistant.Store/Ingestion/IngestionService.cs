using System.Diagnostics;
using System.Globalization;
using JourneyAssistant.Store.Identity;
using JourneyAssistant.Store.Schema;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>Ingests files into the store (each file atomically) and then stitches identities once over the whole store.</summary>
public sealed class IngestionService(JourneyStore store)
{
    // One writer at a time: staging reads the store's next event key and node id before its write transaction opens.
    // (SemaphoreSlim needs no disposal while its wait handle is never asked for.)
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Ingests <paramref name="files"/>. With <paramref name="mappingPath"/> every file uses that mapping; otherwise each file
    /// uses the mapping whose `files` glob matches (from mappings/ beside or above the file, and the sample-data mappings), else the canonical format.</summary>
    public async Task<IngestReport> IngestAsync(IReadOnlyList<string> files, string? mappingPath = null, IProgress<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var explicitMapping = string.IsNullOrWhiteSpace(mappingPath) ? null : SourceMapping.Load(mappingPath);
        var candidates = explicitMapping is null ? CandidateMappings(files) : [];
        var results = new List<IngestFileResult>();
        await _writer.WaitAsync(ct);
        // A store this ingest creates is removed again when the ingest fails: a failed first load leaves no file behind.
        var creates = !store.Exists;
        try
        {
            var report = await IngestFilesAsync(files, explicitMapping, candidates, results, progress, stopwatch, ct);
            await SnapshotAsync(progress);
            return report with { Duration = stopwatch.Elapsed };
        }
        catch when (creates)
        {
            foreach (var path in new[] { store.DatabasePath, store.DatabasePath + ".wal" })
            {
                File.Delete(path);
            }

            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<IngestReport> IngestFilesAsync(IReadOnlyList<string> files, SourceMapping? explicitMapping, List<SourceMapping> candidates,
        List<IngestFileResult> results, IProgress<IngestProgress>? progress, Stopwatch stopwatch, CancellationToken ct)
    {
        using var hashes = ContentHashes.Start(files, ct);
        await using var connection = await store.OpenAsync(ct: ct);
        // Committed before the first file: until the stitch below commits, the store knows it needs stitching.
        using var ingesting = await StitchRepair.BeginIngestAsync(connection, store.DatabasePath, ct);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var mapping = explicitMapping ?? candidates.FirstOrDefault(m => m.Matches(file)) ?? SourceMapping.Canonical();
            SourceCurrencies.Validate(mapping);
            results.Add(await new FileIngestion(connection, store, file, mapping, progress, hashes.Of(i), ct).RunAsync());
            await SourceCurrencies.RecordAsync(connection, mapping, ct);
        }

        var stitch = await IdentityStitcher.RunAsync(connection, store.Options.SharedIdentifierThreshold, progress, ct);
        return new IngestReport(results, stitch, stopwatch.Elapsed);
    }

    /// <summary>
    /// Re-reads every quarantined row from its source file through the current dictionary, overlay and mappings, and moves
    /// the rows that now pass into the store (booked to their original batch, whose counts still add up to its input). A
    /// batch whose file is gone or changed since it was ingested is reported with a note and its rows stay in quarantine.
    /// </summary>
    public async Task<IngestReport> RetryQuarantineAsync(IProgress<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = new List<IngestFileResult>();
        await _writer.WaitAsync(ct);
        try
        {
            await using var connection = await store.OpenAsync(ct: ct);
            using var ingesting = await StitchRepair.BeginIngestAsync(connection, store.DatabasePath, ct);
            var batches = await connection.QueryAsync("""
                SELECT b.batch_id, b.file_name, b.content_hash, b.mapping, b.format, count(*) AS quarantined
                FROM ingest_batches b JOIN quarantine q ON q.batch_id = b.batch_id
                GROUP BY ALL ORDER BY b.batch_id
                """, ct);
            var candidates = CandidateMappings(batches.Select(b => (string)b[1]!));
            foreach (var b in batches)
            {
                var (batchId, file, hash, mappingName) = (Convert.ToInt64(b[0], CultureInfo.InvariantCulture), (string)b[1]!, (string)b[2]!, (string)b[3]!);
                var quarantined = Convert.ToInt64(b[5], CultureInfo.InvariantCulture);
                var note = !File.Exists(file) ? "source file is gone / 源文件已不存在"
                    : ContentHashes.Of(file, ct) != hash ? "source file changed since it was ingested / 源文件在导入后已改变"
                    : null;
                if (note is not null)
                {
                    results.Add(new IngestFileResult(file, mappingName, b[4] as string ?? "", batchId, quarantined, 0, 0, quarantined, false, [], TimeSpan.Zero) { Note = note });
                    continue;
                }

                var mapping = mappingName == SourceMapping.Canonical().Name
                    ? SourceMapping.Canonical()
                    : candidates.FirstOrDefault(m => m.Name == mappingName && m.Matches(file)) ?? candidates.FirstOrDefault(m => m.Name == mappingName)
                      ?? candidates.FirstOrDefault(m => m.Matches(file)) ?? SourceMapping.Canonical();
                results.Add(await new FileIngestion(connection, store, file, mapping, progress, Task.FromResult(hash), ct, batchId).RunAsync());
            }

            var stitch = await IdentityStitcher.RunAsync(connection, store.Options.SharedIdentifierThreshold, progress, ct);
            await connection.DisposeAsync();
            await SnapshotAsync(progress);
            return new IngestReport(results, stitch, stopwatch.Elapsed);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Writes the analysis snapshot of the version just committed (after the writer closed the store), so readers,
    /// here or in a running bot, move to it without building it on a question. The ingest is committed either way: a
    /// snapshot that fails here is built by the first reader instead.
    /// </summary>
    private async Task SnapshotAsync(IProgress<IngestProgress>? progress)
    {
        progress?.Report(new IngestProgress("", "snapshot: analysis views / 分析快照"));
        try
        {
            await Task.Run(() => AnalysisSnapshot.Ensure(store.DatabasePath));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            progress?.Report(new IngestProgress("", $"snapshot deferred to the first question / 快照将在首次提问时生成: {e.Message}"));
        }
    }

    /// <summary>Re-runs identity stitching alone.</summary>
    public async Task<StitchResult> StitchAsync(CancellationToken ct = default)
    {
        await _writer.WaitAsync(ct);
        try
        {
            await using var connection = await store.OpenAsync(ct: ct);
            return await IdentityStitcher.RunAsync(connection, store.Options.SharedIdentifierThreshold, null, ct);
        }
        finally
        {
            _writer.Release();
        }
    }

    private List<SourceMapping> CandidateMappings(IEnumerable<string> files)
    {
        var folders = new List<string>();
        foreach (var file in files)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
            folders.Add(Path.Combine(dir, "mappings"));
            if (Path.GetDirectoryName(dir) is { } parent)
            {
                folders.Add(Path.Combine(parent, "mappings"));
            }
        }

        folders.Add(Path.Combine(Hosting.ContentRoot.Combine(store.ContentRoot, store.Options.SampleDataPath), "mappings"));
        return folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)
            .SelectMany(SourceMapping.LoadFolder)
            .GroupBy(m => m.FilePath, StringComparer.Ordinal).Select(g => g.First())
            .ToList();
    }
}
