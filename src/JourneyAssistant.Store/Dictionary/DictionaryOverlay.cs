using System.Text;
using JourneyAssistant.Store.Localization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Store.Dictionary;

/// <summary>
/// A per-install extension of the built-in vocabulary (docs/DICTIONARY.md): aliases for existing ids, new channels,
/// touchpoints and events, label renames. Read from one YAML file or every *.yaml of a folder, in file-name order.
/// </summary>
/// <remarks>Parsed node by node rather than deserialized so every refusal names its file and line.</remarks>
public sealed class DictionaryOverlay
{
    /// <summary>Channel kinds an overlay channel may have.</summary>
    public static readonly IReadOnlyList<string> ChannelKinds = ["paid", "owned", "offline", "service"];

    private static readonly Dictionary<string, string> _sections = new(StringComparer.Ordinal)
    {
        ["stages"] = DictionaryKind.Stage, ["channels"] = DictionaryKind.Channel,
        ["touchpoints"] = DictionaryKind.Touchpoint, ["events"] = DictionaryKind.Event,
    };

    private static readonly HashSet<string> _fields = ["id", "zh", "en", "aliases", "kind", "stage", "order", "touchpoint", "conversion", "funnel_step"];

    private DictionaryOverlay(IReadOnlyList<OverlayEntry> entries, string text)
    {
        Entries = entries;
        Text = text;
    }

    /// <summary>An overlay of already parsed entries.</summary>
    internal static DictionaryOverlay FromEntries(IReadOnlyList<OverlayEntry> entries, string text) => new(entries, text);

    /// <summary>An empty overlay (no file).</summary>
    public static DictionaryOverlay Empty { get; } = new([], "");

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<OverlayEntry> Entries { get; }

    /// <summary>The text of every file read (it changes the dictionary's fingerprint, so stored columns get re-labelled).</summary>
    public string Text { get; }

    /// <summary>The files an overlay path stands for: the file, every *.yaml/*.yml of a folder (ordinal order), or none.</summary>
    public static IReadOnlyList<string> Files(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return [];
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
        }

        return File.Exists(path) ? [path] : [];
    }

    /// <summary>Reads the overlay at <paramref name="path"/> (file or folder; missing means empty).</summary>
    /// <exception cref="DictionaryOverlayException">A file is not valid YAML or an entry is malformed.</exception>
    public static DictionaryOverlay Load(string? path)
    {
        var entries = new List<OverlayEntry>();
        var text = new StringBuilder();
        foreach (var file in Files(path))
        {
            var yaml = File.ReadAllText(file, Encoding.UTF8);
            entries.AddRange(Parse(yaml, file));
            text.Append("# overlay ").Append(Path.GetFileName(file)).Append('\n').Append(yaml).Append('\n');
        }

        return entries.Count == 0 && text.Length == 0 ? Empty : new DictionaryOverlay(entries, text.ToString());
    }

    /// <summary>
    /// The overlay at <paramref name="path"/> as it would be with <paramref name="file"/>'s text replaced by
    /// <paramref name="text"/>: what a writer checks before it writes, so a refused overlay never reaches the disk.
    /// </summary>
    /// <exception cref="DictionaryOverlayException">The new text, or another overlay file, is invalid.</exception>
    public static DictionaryOverlay LoadWith(string? path, string file, string text)
    {
        var target = Path.GetFullPath(file);
        var entries = new List<OverlayEntry>();
        var all = new StringBuilder();
        foreach (var other in Files(path).Where(f => !string.Equals(Path.GetFullPath(f), target, StringComparison.Ordinal)))
        {
            var yaml = File.ReadAllText(other, Encoding.UTF8);
            entries.AddRange(Parse(yaml, other));
            all.Append("# overlay ").Append(Path.GetFileName(other)).Append('\n').Append(yaml).Append('\n');
        }

        entries.AddRange(Parse(text, file));
        all.Append("# overlay ").Append(Path.GetFileName(file)).Append('\n').Append(text).Append('\n');
        return new DictionaryOverlay(entries, all.ToString());
    }

    /// <summary>Parses one overlay file's text.</summary>
    public static IReadOnlyList<OverlayEntry> Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new DictionaryOverlayException(file, (int)e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new DictionaryOverlayException(file, Line(stream.Documents[0].RootNode), "expected sections stages, channels, touchpoints, events");
        }

        var entries = new List<OverlayEntry>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!_sections.TryGetValue(key, out var kind))
            {
                throw new DictionaryOverlayException(file, Line(keyNode), $"unknown section '{key}' (stages, channels, touchpoints, events)");
            }

            if (value is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            if (value is not YamlSequenceNode list)
            {
                throw new DictionaryOverlayException(file, Line(value), $"'{key}' must be a list of entries");
            }

            foreach (var item in list.Children)
            {
                entries.Add(ParseEntry(kind, item, file));
            }
        }

        return entries;
    }

    /// <summary>The built-in entries with this overlay applied.</summary>
    /// <exception cref="DictionaryOverlayException">An entry cannot be applied (missing stage, alias owned by another id, …).</exception>
    internal Dictionary<string, IReadOnlyList<DictionaryEntry>> ApplyTo(IReadOnlyDictionary<string, IReadOnlyList<DictionaryEntry>> builtIn)
    {
        var merged = builtIn.ToDictionary(p => p.Key, p => p.Value.ToList());
        // Who owns each normalized name per kind: built-in ids and aliases first, then what the overlay adds.
        var owners = new Dictionary<(string Kind, string Name), string>();
        foreach (var (kind, list) in merged)
        {
            foreach (var entry in list)
            {
                owners.TryAdd((kind, JourneyDictionary.Normalize(entry.Id)), entry.Id);
            }

            foreach (var entry in list)
            {
                foreach (var alias in entry.Aliases)
                {
                    owners.TryAdd((kind, JourneyDictionary.Normalize(alias)), entry.Id);
                }
            }
        }

        foreach (var o in Entries)
        {
            var list = merged[o.Kind];
            var index = list.FindIndex(e => e.Id == o.Id);
            DictionaryEntry entry;
            if (index >= 0)
            {
                var old = list[index];
                entry = old with
                {
                    Label = new LocalizedText(o.Zh ?? old.Label.Zh, o.En ?? old.Label.En),
                    Category = o.Category ?? old.Category,
                    Order = o.Order ?? old.Order,
                    Touchpoint = o.Touchpoint ?? old.Touchpoint,
                    IsConversion = o.Conversion ?? old.IsConversion,
                    FunnelStep = o.FunnelStep ?? old.FunnelStep,
                    Aliases = old.Aliases.Concat(o.Aliases).Distinct(StringComparer.Ordinal).ToList(),
                };
            }
            else
            {
                entry = NewEntry(o);
            }

            var nameOwner = owners.GetValueOrDefault((o.Kind, JourneyDictionary.Normalize(o.Id)));
            if (index < 0 && nameOwner is not null && nameOwner != o.Id)
            {
                throw o.Refused($"new {o.Kind} id '{o.Id}' is already an alias of '{nameOwner}'");
            }

            owners[(o.Kind, JourneyDictionary.Normalize(o.Id))] = o.Id;
            foreach (var alias in o.Aliases)
            {
                var key = (o.Kind, JourneyDictionary.Normalize(alias));
                if (owners.TryGetValue(key, out var owner) && owner != o.Id)
                {
                    throw o.Refused($"alias '{alias}' would belong to both '{owner}' and '{o.Id}' ({o.Kind})");
                }

                owners[key] = o.Id;
            }

            if (index >= 0)
            {
                list[index] = entry;
            }
            else
            {
                list.Add(entry);
            }
        }

        // References are checked once everything is in: an event may name a touchpoint added further down.
        var stages = merged[DictionaryKind.Stage].Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var touchpoints = merged[DictionaryKind.Touchpoint].Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var o in Entries)
        {
            if (o.Category is { } category && o.Kind is DictionaryKind.Touchpoint or DictionaryKind.Event && !stages.Contains(category))
            {
                throw o.Refused($"unknown stage '{category}' (stages: {string.Join(", ", stages)})");
            }

            if (o.Touchpoint is { } tp && !touchpoints.Contains(tp))
            {
                throw o.Refused($"unknown touchpoint '{tp}'");
            }
        }

        return merged.ToDictionary(p => p.Key, p => (IReadOnlyList<DictionaryEntry>)(p.Key is DictionaryKind.Stage or DictionaryKind.Touchpoint
            ? p.Value.OrderBy(e => e.Order).ToList()
            : p.Value));
    }

    private static DictionaryEntry NewEntry(OverlayEntry o)
    {
        switch (o.Kind)
        {
            case DictionaryKind.Stage:
                throw o.Refused($"stage '{o.Id}' does not exist; an overlay can relabel stages and add aliases, not add stages");
            case DictionaryKind.Channel when o.Category is null:
                throw o.Refused($"new channel '{o.Id}' needs kind ({string.Join(", ", ChannelKinds)})");
            case DictionaryKind.Touchpoint when o.Category is null || o.Order is null:
                throw o.Refused($"new touchpoint '{o.Id}' needs stage and order");
            case DictionaryKind.Event when o.Category is null:
                throw o.Refused($"new event '{o.Id}' needs stage");
        }

        var zh = o.Zh ?? o.En ?? o.Id;
        var en = o.En ?? o.Zh ?? o.Id;
        return new DictionaryEntry(o.Kind, o.Id, new LocalizedText(zh, en), o.Aliases, o.Category, o.Order ?? 0, o.Touchpoint, o.Conversion ?? false) { FunnelStep = o.FunnelStep };
    }

    private static OverlayEntry ParseEntry(string kind, YamlNode node, string file)
    {
        if (node is not YamlMappingNode map)
        {
            throw new DictionaryOverlayException(file, Line(node), $"expected an entry like {{ id: ..., aliases: [...] }}");
        }

        var line = Line(node);
        string? id = null, zh = null, en = null, category = null, touchpoint = null;
        int? order = null, funnelStep = null;
        bool? conversion = null;
        var aliases = new List<string>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!_fields.Contains(key))
            {
                throw new DictionaryOverlayException(file, Line(keyNode), $"unknown field '{key}' ({string.Join(", ", _fields)})");
            }

            if (key == "aliases")
            {
                if (value is not YamlSequenceNode seq || seq.Children.Any(c => c is not YamlScalarNode))
                {
                    throw new DictionaryOverlayException(file, Line(value), "aliases must be a list of names");
                }

                aliases.AddRange(seq.Children.Select(c => Name(((YamlScalarNode)c).Value, file, Line(c))));
                continue;
            }

            if (value is not YamlScalarNode scalar)
            {
                throw new DictionaryOverlayException(file, Line(value), $"'{key}' must be a single value");
            }

            var text = scalar.Value?.Trim();
            switch (key)
            {
                case "id": id = text; break;
                case "zh": zh = Name(text, file, Line(value)); break;
                case "en": en = Name(text, file, Line(value)); break;
                case "kind" when kind == DictionaryKind.Channel:
                case "stage" when kind is DictionaryKind.Touchpoint or DictionaryKind.Event:
                    category = text;
                    break;
                case "order" when kind is DictionaryKind.Touchpoint or DictionaryKind.Stage:
                    order = int.TryParse(text, out var n) && n is >= 0 and <= 10_000
                        ? n
                        : throw new DictionaryOverlayException(file, Line(value), $"order must be a whole number from 0 to 10000, not '{text}'");
                    break;
                case "touchpoint" when kind == DictionaryKind.Event: touchpoint = text; break;
                case "funnel_step" when kind == DictionaryKind.Touchpoint:
                    // Pins the funnel: the touchpoints given a step are the funnel's steps, in this order (journey db profile).
                    funnelStep = int.TryParse(text, out var step) && step is >= 1 and <= 11
                        ? step
                        : throw new DictionaryOverlayException(file, Line(value), $"funnel_step must be a whole number from 1 to 11, not '{text}'");
                    break;
                case "conversion" when kind == DictionaryKind.Event:
                    conversion = text is "true" or "false"
                        ? text == "true"
                        : throw new DictionaryOverlayException(file, Line(value), $"conversion must be true or false, not '{text}'");
                    break;
                default:
                    throw new DictionaryOverlayException(file, Line(keyNode), $"'{key}' does not apply to a {kind}");
            }
        }

        if (string.IsNullOrEmpty(id) || !id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
        {
            throw new DictionaryOverlayException(file, line, $"id must be lower_snake_case ASCII, not '{id}'");
        }

        if (kind == DictionaryKind.Channel && category is not null && !ChannelKinds.Contains(category))
        {
            throw new DictionaryOverlayException(file, line, $"channel kind must be one of {string.Join(", ", ChannelKinds)}, not '{category}'");
        }

        return new OverlayEntry(kind, id, zh, en, aliases, category, order, touchpoint, conversion, file, line) { FunnelStep = funnelStep };
    }

    private static string Name(string? value, string file, int line)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DictionaryOverlayException(file, line, "empty name");
        }

        return CustomNames.Problem(text) is { } problem ? throw new DictionaryOverlayException(file, line, problem) : text;
    }

    private static int Line(YamlNode node) => (int)node.Start.Line;
}

/// <summary>One overlay entry as written (null: not given, keep the built-in value).</summary>
/// <param name="Category">Channel kind, or the stage of a touchpoint/event.</param>
public sealed record OverlayEntry(
    string Kind,
    string Id,
    string? Zh,
    string? En,
    IReadOnlyList<string> Aliases,
    string? Category,
    int? Order,
    string? Touchpoint,
    bool? Conversion,
    string File,
    int Line)
{
    internal DictionaryOverlayException Refused(string problem) => new(File, Line, problem);

    /// <summary>A touchpoint's pinned place in the funnel (1 = entry), or null.</summary>
    public int? FunnelStep { get; init; }
}
