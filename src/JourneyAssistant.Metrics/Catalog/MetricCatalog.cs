using System.Collections.Immutable;
using JourneyAssistant.Metrics.Definitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Metrics.Catalog;

/// <summary>The metrics and dimensions currently available, kept in step with the metrics folder.</summary>
public interface IMetricCatalog
{
    IReadOnlyList<MetricDefinition> Metrics { get; }

    IReadOnlyDictionary<string, DimensionDefinition> Dimensions { get; }

    /// <summary>Files that failed to load; a metric's previous valid version stays active.</summary>
    IReadOnlyList<MetricIssue> Errors { get; }

    MetricDefinition? Find(string id);

    /// <summary>Rescans the folder now.</summary>
    void Reload();
}

/// <summary>
/// A catalog over <c>metrics/</c>: <c>dimensions.yaml</c> plus one file per metric. Hot reload is by stamp: a read more
/// than <see cref="CheckInterval"/> after the last looks at the files' names, sizes and times, and reloads when they
/// changed, so an edited file is live within seconds without a watcher. A broken file is rejected with its issues and
/// the previous version of what it declared stays in force.
/// </summary>
public sealed class FileMetricCatalog : IMetricCatalog
{
    public const string DimensionsFile = "dimensions.yaml";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly string _folder;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MetricDefinition> _lastGood = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, DimensionDefinition> _lastGoodDimensions = ImmutableDictionary<string, DimensionDefinition>.Empty;
    private volatile Snapshot _snapshot = new([], ImmutableDictionary<string, DimensionDefinition>.Empty, [], "");
    private long _checkedAt;

    public FileMetricCatalog(string folder, ILogger<FileMetricCatalog>? logger = null, TimeProvider? time = null)
    {
        _folder = Path.GetFullPath(folder);
        _logger = logger ?? NullLogger<FileMetricCatalog>.Instance;
        _time = time ?? TimeProvider.System;
        Reload();
    }

    public IReadOnlyList<MetricDefinition> Metrics => Current.Metrics;

    public IReadOnlyDictionary<string, DimensionDefinition> Dimensions => Current.Dimensions;

    public IReadOnlyList<MetricIssue> Errors => Current.Errors;

    public MetricDefinition? Find(string id) => Current.Metrics.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    private Snapshot Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Interlocked.Read(ref _checkedAt), now) >= CheckInterval)
            {
                Interlocked.Exchange(ref _checkedAt, now);
                if (Stamp() != _snapshot.Stamp)
                {
                    Reload();
                }
            }

            return _snapshot;
        }
    }

    public void Reload()
    {
        lock (_gate)
        {
            var stamp = Stamp();
            var reader = new MetricFileReader();
            var errors = new List<MetricIssue>();
            var dimensionsPath = Path.Combine(_folder, DimensionsFile);
            var dimensions = _lastGoodDimensions;
            if (File.Exists(dimensionsPath))
            {
                try
                {
                    dimensions = _lastGoodDimensions = reader.ReadDimensions(dimensionsPath);
                }
                catch (MetricFileException e)
                {
                    errors.AddRange(e.Issues);
                }
            }
            else if (Directory.Exists(_folder))
            {
                errors.Add(new MetricIssue(dimensionsPath, 0, "missing: metrics need the dimensions file"));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in MetricFiles())
            {
                seen.Add(file);
                try
                {
                    _lastGood[file] = reader.ReadMetric(file, dimensions);
                }
                catch (MetricFileException e)
                {
                    errors.AddRange(e.Issues);
                    _logger.LogWarning("Metric file {File} rejected; its previous version (if any) stays active: {Issues}", file, e.Message);
                }
                catch (IOException e)
                {
                    errors.Add(new MetricIssue(file, 0, $"could not be read: {e.Message}"));
                }
            }

            foreach (var gone in _lastGood.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _lastGood.Remove(gone);
            }

            var metrics = new List<MetricDefinition>();
            foreach (var group in _lastGood.Values.GroupBy(m => m.Id, StringComparer.Ordinal))
            {
                if (group.Count() > 1)
                {
                    errors.Add(new MetricIssue(group.Last().SourcePath, 0, $"metric id '{group.Key}' is also declared in {group.First().SourcePath}; only the first is used"));
                }

                metrics.Add(group.OrderBy(m => m.SourcePath, StringComparer.Ordinal).First());
            }

            _snapshot = new Snapshot([.. metrics.OrderBy(m => m.Id, StringComparer.Ordinal)], dimensions, errors, stamp);
        }
    }

    private IEnumerable<string> MetricFiles() =>
        Directory.Exists(_folder)
            ? Directory.EnumerateFiles(_folder, "*.yaml").Where(f => !string.Equals(Path.GetFileName(f), DimensionsFile, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
            : [];

    private string Stamp()
    {
        if (!Directory.Exists(_folder))
        {
            return "";
        }

        return string.Join("|", Directory.EnumerateFiles(_folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new FileInfo(f)).Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
    }

    private sealed record Snapshot(IReadOnlyList<MetricDefinition> Metrics, IReadOnlyDictionary<string, DimensionDefinition> Dimensions, IReadOnlyList<MetricIssue> Errors, string Stamp);
}
