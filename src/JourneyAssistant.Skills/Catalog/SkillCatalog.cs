using System.Collections.Immutable;
using JourneyAssistant.Skills.Definitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Skills.Catalog;

/// <summary>What changed in the catalog: skills added, updated or removed, and files rejected.</summary>
public sealed class SkillCatalogChangedEventArgs(IReadOnlyList<string> added, IReadOnlyList<string> updated, IReadOnlyList<string> removed, IReadOnlyList<SkillIssue> rejected) : EventArgs
{
    public IReadOnlyList<string> Added { get; } = added;

    public IReadOnlyList<string> Updated { get; } = updated;

    public IReadOnlyList<string> Removed { get; } = removed;

    public IReadOnlyList<SkillIssue> Rejected { get; } = rejected;
}

/// <summary>The skills currently available, kept in step with the skills folder while the process runs.</summary>
public interface ISkillCatalog
{
    /// <summary>Active skills, ordered by id.</summary>
    IReadOnlyList<SkillDefinition> Skills { get; }

    /// <summary>The active skill with this id, or null.</summary>
    SkillDefinition? Find(string id);

    /// <summary>Current rejections: files that failed to load (a previous valid version of the skill, if any, stays active).</summary>
    IReadOnlyList<SkillIssue> Errors { get; }

    /// <summary>Raised after a rescan that changed something.</summary>
    event EventHandler<SkillCatalogChangedEventArgs>? Changed;

    /// <summary>Rescans the folder now.</summary>
    void Reload();
}

/// <summary>
/// A catalog over a folder of skill files with hot reload: a FileSystemWatcher (debounced) plus a periodic rescan in
/// case the watcher misses events (network drives, editors that swap files). A file that fails validation is rejected
/// with a logged reason and the skill's previous version stays active.
/// </summary>
public sealed class FileSkillCatalog : ISkillCatalog, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly string _folder;
    private readonly SkillValidator _validator;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _files = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _debounce;
    private readonly Timer? _rescan;
    private volatile Snapshot _snapshot = new([], ImmutableDictionary<string, SkillDefinition>.Empty, []);

    public FileSkillCatalog(string folder, SkillValidator validator, ILogger<FileSkillCatalog>? logger = null, bool watch = true, TimeSpan? rescanInterval = null)
    {
        _folder = Path.GetFullPath(folder);
        _validator = validator;
        _logger = logger ?? NullLogger<FileSkillCatalog>.Instance;
        Reload();
        if (!watch || !Directory.Exists(_folder))
        {
            return;
        }

        _debounce = new Timer(_ => SafeReload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(_folder)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnFileEvent;
        _watcher.Created += OnFileEvent;
        _watcher.Deleted += OnFileEvent;
        _watcher.Renamed += OnFileEvent;
        _watcher.Error += (_, e) => _logger.LogWarning(e.GetException(), "Skill folder watcher failed; the periodic rescan keeps the catalog current");
        _watcher.EnableRaisingEvents = true;

        var interval = rescanInterval ?? TimeSpan.FromSeconds(30);
        _rescan = new Timer(_ => SafeReload(), null, interval, interval);
    }

    /// <summary>The folder this catalog reads.</summary>
    public string Folder => _folder;

    public IReadOnlyList<SkillDefinition> Skills => _snapshot.Skills;

    public IReadOnlyList<SkillIssue> Errors => _snapshot.Errors;

    public event EventHandler<SkillCatalogChangedEventArgs>? Changed;

    public SkillDefinition? Find(string id) => _snapshot.ById.GetValueOrDefault(id);

    public void Reload()
    {
        SkillCatalogChangedEventArgs? change;
        lock (_gate)
        {
            change = Rescan();
        }

        if (change is not null)
        {
            Changed?.Invoke(this, change);
        }
    }

    private SkillCatalogChangedEventArgs? Rescan()
    {
        var paths = Directory.Exists(_folder)
            ? Directory.EnumerateFiles(_folder).Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.Ordinal)
            : [];
        var before = _files.Values.Where(e => e.Active is not null).ToDictionary(e => e.Active!.Id, e => e.Active!.Version, StringComparer.Ordinal);
        var rejected = new List<SkillIssue>();
        var changed = false;

        foreach (var removed in _files.Keys.Where(p => !paths.Contains(p)).ToList())
        {
            _files.Remove(removed);
            changed = true;
        }

        // Files are visited in name order so that, of two files claiming one id, the same one wins every time.
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var stamp = Stamp(path);
            if (_files.TryGetValue(path, out var entry) && entry.Stamp == stamp)
            {
                continue;
            }

            changed = true;
            entry ??= new Entry();
            entry.Stamp = stamp;
            _files[path] = entry;
            try
            {
                var skill = _validator.Load(path);
                var owner = _files.FirstOrDefault(f => f.Key != path && f.Value.Active?.Id == skill.Id);
                if (owner.Value is not null)
                {
                    throw new SkillFileException([new SkillIssue(path, 0, $"id '{skill.Id}' is already defined in {Path.GetFileName(owner.Key)}")]);
                }

                entry.Active = skill;
                entry.Issues = [];
            }
            catch (Exception e)
            {
                // Whatever is wrong with one file must not stop the others from loading.
                entry.Issues = e is SkillFileException sfe ? sfe.Issues : [new SkillIssue(path, 0, $"cannot load the file: {e.Message}")];
                rejected.AddRange(entry.Issues);
                _logger.LogWarning("Skill file {File} rejected{Kept}: {Issues}", Path.GetFileName(path),
                    entry.Active is null ? "" : $" (version {entry.Active.Version} of {entry.Active.Id} stays active)",
                    string.Join("; ", entry.Issues.Select(i => i.ToString())));
            }
        }

        if (!changed)
        {
            return null;
        }

        var skills = _files.Values.Select(e => e.Active).OfType<SkillDefinition>().OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var errors = _files.Values.SelectMany(e => e.Issues).ToList();
        _snapshot = new Snapshot(skills, skills.ToImmutableDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase), errors);

        var after = skills.ToDictionary(s => s.Id, s => s.Version, StringComparer.Ordinal);
        var added = after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removedIds = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var updated = after.Where(a => before.TryGetValue(a.Key, out var v) && v != a.Value).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var id in added)
        {
            _logger.LogInformation("Skill {Id} loaded", id);
        }

        return new SkillCatalogChangedEventArgs(added, updated, removedIds, rejected);
    }

    /// <summary>What identifies a version of a skill file on disk: the YAML and its sibling SQL, if any.</summary>
    private static string Stamp(string path)
    {
        static string Of(string p) => File.Exists(p) ? $"{File.GetLastWriteTimeUtc(p).Ticks}:{new FileInfo(p).Length}" : "-";
        return Of(path) + "|" + Of(Path.ChangeExtension(path, ".sql"));
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (e.Name is { } name && (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)))
        {
            _debounce?.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void SafeReload()
    {
        try
        {
            Reload();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Rescanning the skills folder {Folder} failed", _folder);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _rescan?.Dispose();
    }

    private sealed class Entry
    {
        public string Stamp { get; set; } = "";

        public SkillDefinition? Active { get; set; }

        public IReadOnlyList<SkillIssue> Issues { get; set; } = [];
    }

    private sealed record Snapshot(IReadOnlyList<SkillDefinition> Skills, ImmutableDictionary<string, SkillDefinition> ById, IReadOnlyList<SkillIssue> Errors);
}
