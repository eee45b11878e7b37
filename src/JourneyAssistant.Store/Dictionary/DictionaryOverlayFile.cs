using System.Text;

namespace JourneyAssistant.Store.Dictionary;

/// <summary>
/// Edits one overlay file (docs/DICTIONARY.md): add an alias to an id, add an entry, rename labels, then save. The result is
/// checked against a base dictionary before anything is written, so a saved overlay is never one that would be refused.
/// </summary>
public sealed class DictionaryOverlayFile
{
    private static readonly (string Kind, string Section)[] _sections =
        [(DictionaryKind.Stage, "stages"), (DictionaryKind.Channel, "channels"), (DictionaryKind.Touchpoint, "touchpoints"), (DictionaryKind.Event, "events")];

    private readonly List<OverlayEntry> _entries;

    private DictionaryOverlayFile(string path, List<OverlayEntry> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>The file written by <see cref="Save"/>.</summary>
    public string Path { get; }

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<OverlayEntry> Entries => _entries;

    /// <summary>Reads <paramref name="path"/> (a missing file is an empty overlay).</summary>
    /// <exception cref="DictionaryOverlayException">The file exists and is broken.</exception>
    public static DictionaryOverlayFile Load(string path) =>
        new(path, File.Exists(path) ? DictionaryOverlay.Parse(File.ReadAllText(path, Encoding.UTF8), path).ToList() : []);

    /// <summary>Makes <paramref name="alias"/> a name of the existing <paramref name="id"/> of <paramref name="kind"/>.</summary>
    public void AddAlias(string kind, string alias, string id)
    {
        var index = _entries.FindIndex(e => e.Kind == kind && e.Id == id);
        if (index >= 0)
        {
            var e = _entries[index];
            _entries[index] = e with { Aliases = e.Aliases.Append(alias.Trim()).Distinct(StringComparer.Ordinal).ToList() };
        }
        else
        {
            _entries.Add(new OverlayEntry(kind, id, null, null, [alias.Trim()], null, null, null, null, Path, 0));
        }
    }

    /// <summary>Adds (or replaces) a whole entry: a new channel (Category = kind), touchpoint (Category = stage, Order) or event
    /// (Category = stage, Touchpoint, IsConversion).</summary>
    public void AddEntry(DictionaryEntry entry)
    {
        _entries.RemoveAll(e => e.Kind == entry.Kind && e.Id == entry.Id);
        _entries.Add(new OverlayEntry(entry.Kind, entry.Id, entry.Label.Zh, entry.Label.En, entry.Aliases.ToList(), entry.Category,
            entry.Kind is DictionaryKind.Touchpoint or DictionaryKind.Stage ? entry.Order : null, entry.Touchpoint,
            entry.Kind == DictionaryKind.Event ? entry.IsConversion : null, Path, 0));
    }

    /// <summary>Renames the labels of an id (null keeps a language's label).</summary>
    public void Rename(string kind, string id, string? zh, string? en)
    {
        var index = _entries.FindIndex(e => e.Kind == kind && e.Id == id);
        if (index >= 0)
        {
            _entries[index] = _entries[index] with { Zh = zh ?? _entries[index].Zh, En = en ?? _entries[index].En };
        }
        else
        {
            _entries.Add(new OverlayEntry(kind, id, zh, en, [], null, null, null, null, Path, 0));
        }
    }

    /// <summary>The overlay's YAML text.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder("# Dictionary overlay (docs/DICTIONARY.md): extends the built-in vocabulary of this install.\n");
        foreach (var (kind, section) in _sections)
        {
            var entries = _entries.Where(e => e.Kind == kind).ToList();
            if (entries.Count == 0)
            {
                continue;
            }

            text.Append(section).Append(":\n");
            foreach (var e in entries)
            {
                var fields = new List<string> { $"id: {e.Id}" };
                if (e.Category is { } category)
                {
                    fields.Add($"{(kind == DictionaryKind.Channel ? "kind" : "stage")}: {category}");
                }

                if (e.Order is { } order)
                {
                    fields.Add($"order: {order}");
                }

                if (e.Touchpoint is { } touchpoint)
                {
                    fields.Add($"touchpoint: {touchpoint}");
                }

                if (e.Conversion is { } conversion)
                {
                    fields.Add($"conversion: {(conversion ? "true" : "false")}");
                }

                if (e.Zh is { } zh)
                {
                    fields.Add($"zh: {Quote(zh)}");
                }

                if (e.En is { } en)
                {
                    fields.Add($"en: {Quote(en)}");
                }

                if (e.Aliases.Count > 0)
                {
                    fields.Add($"aliases: [{string.Join(", ", e.Aliases.Select(Quote))}]");
                }

                text.Append("  - { ").Append(string.Join(", ", fields)).Append(" }\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Checks the overlay against <paramref name="builtIn"/> and writes it.</summary>
    /// <exception cref="DictionaryOverlayException">The overlay would be refused; nothing is written.</exception>
    public void Save(JourneyDictionary builtIn)
    {
        var yaml = ToYaml();
        var overlay = DictionaryOverlay.Parse(yaml, Path);
        _ = builtIn.WithOverlay(DictionaryOverlayFromEntries(overlay, yaml));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, yaml, new UTF8Encoding(false));
        // Replace in one step so a running process never reads half a file.
        File.Move(temporary, Path, overwrite: true);
    }

    private static DictionaryOverlay DictionaryOverlayFromEntries(IReadOnlyList<OverlayEntry> entries, string text) =>
        DictionaryOverlay.FromEntries(entries, text);

    // Double-quoted YAML scalar: names may hold ':', '#', ',' or brackets.
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
