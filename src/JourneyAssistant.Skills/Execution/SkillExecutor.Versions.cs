using JourneyAssistant.Store;
using JourneyAssistant.Store.Schema;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Skills.Execution;

// Which store version answers read. The executor holds one AnalysisDatabase per snapshot; when the store file changes
// (an ingest committed, here or in another process) the next execution moves to the new version's snapshot, while
// executions already running finish on the one they started with, which is disposed after the last of them.
public sealed partial class SkillExecutor
{
    private readonly Lock _versionGate = new();
    private readonly Lock _usersGate = new();
    private Generation? _current;
    private DateTimeOffset _versionCheckedAt;

    /// <summary>The snapshot answers read now (null until the first execution opens one).</summary>
    public string? SnapshotPath => _current?.Database.SnapshotPath;

    string? ISkillExecutor.DataVersion => DataVersion();

    /// <summary>
    /// The data version results are cached under: the snapshot the next execution reads, so a result is never cached
    /// under a version it was not computed from. Null when no snapshot can be opened (the execution reports why).
    /// </summary>
    private string? DataVersion()
    {
        try
        {
            lock (_versionGate)
            {
                return Refresh().Database.SnapshotPath;
            }
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "Store version unknown; result not cached");
            return null;
        }
    }

    /// <summary>The current analysis database, counted as in use until the returned lease is disposed.</summary>
    private Generation Acquire()
    {
        Generation generation;
        lock (_versionGate)
        {
            generation = Refresh();
        }

        lock (_usersGate)
        {
            generation.Users++;
        }

        return generation;
    }

    /// <summary>
    /// Opens the analysis database on first use, and a new one when the store file changed since (looked at no more often
    /// than the configured interval) and its snapshot differs. A failure to move keeps the version in use.
    /// </summary>
    private Generation Refresh()
    {
        var now = _time.GetUtcNow();
        if (_current is null)
        {
            var database = _openDatabase();
            _current = new Generation(this, database, AnalysisSnapshot.VersionOf(database.StorePath));
            _versionCheckedAt = now;
            return _current;
        }

        if (now - _versionCheckedAt < TimeSpan.FromSeconds(_options.ResultCache.DataVersionCheckSeconds))
        {
            return _current;
        }

        _versionCheckedAt = now;
        var storePath = _current.Database.StorePath;
        var version = AnalysisSnapshot.VersionOf(storePath);
        if (version == _current.StoreVersion)
        {
            return _current;
        }

        try
        {
            if (AnalysisSnapshot.Ensure(storePath) != _current.Database.SnapshotPath)
            {
                var previous = _current;
                _current = new Generation(this, _openDatabase(), version);
                Retire(previous);
                _logger.LogInformation("Answers now read store version {Snapshot}", _current.Database.SnapshotPath);
            }
            else
            {
                _current.StoreVersion = version;
            }
        }
        catch (Exception e)
        {
            // A writer holding the store with no snapshot yet, or a snapshot that could not be written: keep answering
            // from the version in use and look again at the next interval.
            _logger.LogWarning(e, "Could not move to the store's new version; answers stay on {Snapshot}", _current.Database.SnapshotPath);
        }

        return _current;
    }

    private void Retire(Generation generation)
    {
        lock (_usersGate)
        {
            generation.Retired = true;
            if (generation.Users == 0)
            {
                generation.Database.Dispose();
            }
        }
    }

    /// <summary>One analysis database and the executions using it.</summary>
    private sealed class Generation(SkillExecutor owner, AnalysisDatabase database, string? storeVersion) : IDisposable
    {
        public AnalysisDatabase Database { get; } = database;

        public string? StoreVersion { get; set; } = storeVersion;

        public int Users { get; set; }

        public bool Retired { get; set; }

        /// <summary>Ends one execution's use; the last use of a retired database disposes it.</summary>
        public void Dispose()
        {
            lock (owner._usersGate)
            {
                Users--;
                if (Retired && Users == 0)
                {
                    Database.Dispose();
                }
            }
        }
    }
}
