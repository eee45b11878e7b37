using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Store.Ingestion.Inbox;

/// <summary>
/// The folder ops teams drop daily files into while the bot serves (issue 17). Each scan loads the files whose size and
/// write time have held still for <see cref="InboxOptions.StableSeconds"/>, one at a time through the store's one
/// <see cref="IngestionService"/>, so two drops queue instead of failing.
/// </summary>
/// <remarks>
/// A file is loaded where it ends up, <c>done/&lt;time&gt;-&lt;name&gt;</c>, so a later quarantine retry can re-read it;
/// its <c>.report.json</c> is written once the ingest has committed. A file in <c>done/</c> without its report was
/// interrupted (a crash or a kill: the store is atomic per file and stays as before) and goes back to the inbox on the
/// next start. A file the store cannot load moves to <c>failed/</c> with the reason in its report.
/// </remarks>
public sealed class IngestInbox
{
    /// <summary>Suffixes of files still being written by their sender (rename them when complete).</summary>
    private static readonly string[] InProgressSuffixes = [".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart"];

    private static readonly string[] Loadable = [".csv", ".tsv", ".txt", ".gz", ".jsonl", ".ndjson", ".json", ".parquet"];

    private readonly IngestionService _ingestion;
    private readonly InboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Sighting> _seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scan = new(1, 1);

    public IngestInbox(IngestionService ingestion, InboxOptions options, string folder, TimeProvider? time = null, ILogger<IngestInbox>? logger = null)
    {
        _ingestion = ingestion;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Folder = folder;
    }

    /// <summary>Store:Inbox:Path against the content root, or by default <c>inbox/</c> beside the store file, so each store has its own.</summary>
    public static string FolderFor(InboxOptions options, string contentRoot, string storePath) =>
        string.IsNullOrWhiteSpace(options.Path)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storePath))!, "inbox")
            : ContentRoot.Combine(contentRoot, options.Path);

    /// <summary>The inbox folder itself.</summary>
    public string Folder { get; }

    /// <summary>Loaded files, each with its <c>.report.json</c>.</summary>
    public string DoneFolder => Path.Combine(Folder, "done");

    /// <summary>Files the store could not load, each with a report saying why.</summary>
    public string FailedFolder => Path.Combine(Folder, "failed");

    /// <summary>Puts files whose ingest was interrupted (in <c>done/</c> with no report) back into the inbox; returns how many.</summary>
    public int Recover()
    {
        if (!Directory.Exists(DoneFolder))
        {
            return 0;
        }

        var recovered = 0;
        foreach (var file in Directory.EnumerateFiles(DoneFolder).Where(f => !f.EndsWith(InboxReport.Suffix, StringComparison.Ordinal)).ToList())
        {
            if (File.Exists(file + InboxReport.Suffix))
            {
                continue;
            }

            var back = Unique(Path.Combine(Folder, InboxReport.OriginalName(Path.GetFileName(file))));
            File.Move(file, back);
            _logger.LogWarning("Inbox: {File} was interrupted while loading; it is back in the inbox and loads again", Path.GetFileName(back));
            recovered++;
        }

        return recovered;
    }

    /// <summary>One look at the folder: loads, in name order, every file that has held still long enough.</summary>
    public async Task<IReadOnlyList<InboxOutcome>> ProcessReadyAsync(CancellationToken ct = default)
    {
        await _scan.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Folder);
            var outcomes = new List<InboxOutcome>();
            foreach (var file in ReadyFiles())
            {
                outcomes.Add(await LoadAsync(file, ct));
            }

            return outcomes;
        }
        finally
        {
            _scan.Release();
        }
    }

    private List<string> ReadyFiles()
    {
        var now = _time.GetUtcNow();
        var ready = new List<string>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.') || name.StartsWith('~') || InProgressSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            present.Add(file);
            var info = new FileInfo(file);
            var stamp = (info.Length, info.LastWriteTimeUtc);
            if (!_seen.TryGetValue(file, out var sighting) || sighting.Stamp != stamp)
            {
                _seen[file] = sighting = new Sighting(stamp, now);
                if (_options.StableSeconds > 0)
                {
                    continue;
                }
            }

            if ((now - sighting.Since).TotalSeconds >= _options.StableSeconds)
            {
                ready.Add(file);
            }
        }

        foreach (var gone in _seen.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _seen.Remove(gone);
        }

        return ready;
    }

    private async Task<InboxOutcome> LoadAsync(string file, CancellationToken ct)
    {
        _seen.Remove(file);
        var name = Path.GetFileName(file);
        var startedAt = _time.GetUtcNow();
        if (!Loadable.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
        {
            return Fail(file, name, startedAt, $"not a touchpoint file: {name} (the inbox loads .csv, .jsonl and .parquet files) / 不是可导入的文件");
        }

        Directory.CreateDirectory(DoneFolder);
        var stored = Unique(Path.Combine(DoneFolder, InboxReport.StoredName(startedAt, name)));
        File.Move(file, stored);
        _logger.LogInformation("Inbox: loading {File}", name);
        IngestReport report;
        try
        {
            report = await _ingestion.IngestAsync([stored], ct: ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: nothing was committed, so the file waits in the inbox for the next start.
            File.Move(stored, Unique(file));
            throw;
        }
        catch (Exception e)
        {
            return Fail(stored, name, startedAt, e.Message);
        }

        var reportPath = await InboxReport.WriteLoadedAsync(stored, name, startedAt, _time.GetUtcNow(), report, ct);
        _logger.LogInformation("Inbox: {File} loaded: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected", name, report.Accepted, report.Duplicates, report.Rejected);
        return new InboxOutcome(name, true, stored, reportPath, report, null);
    }

    private InboxOutcome Fail(string current, string name, DateTimeOffset startedAt, string error)
    {
        Directory.CreateDirectory(FailedFolder);
        var failed = Unique(Path.Combine(FailedFolder, InboxReport.StoredName(startedAt, name)));
        File.Move(current, failed);
        var reportPath = InboxReport.WriteFailed(failed, name, startedAt, _time.GetUtcNow(), error);
        _logger.LogWarning("Inbox: {File} was not loaded: {Error}", name, error);
        return new InboxOutcome(name, false, failed, reportPath, null, error);
    }

    /// <summary>The path itself, or with " (2)", " (3)" … before the extension when a file of that name is already there.</summary>
    private static string Unique(string path)
    {
        var candidate = path;
        for (var n = 2; File.Exists(candidate) || File.Exists(candidate + InboxReport.Suffix); n++)
        {
            candidate = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)} ({n}){Path.GetExtension(path)}");
        }

        return candidate;
    }

    private sealed record Sighting((long Length, DateTime WrittenAt) Stamp, DateTimeOffset Since);
}
