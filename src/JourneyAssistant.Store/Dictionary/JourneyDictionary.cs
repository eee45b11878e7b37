using System.Text;
using JourneyAssistant.Store.Localization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace JourneyAssistant.Store.Dictionary;

/// <summary>The dictionary loaded from dictionary.yaml (embedded, or a file named in <see cref="StoreOptions.DictionaryPath"/>).</summary>
public sealed class JourneyDictionary : IJourneyDictionary
{
    /// <summary>Manifest name of the embedded dictionary.yaml.</summary>
    public const string ResourceName = "JourneyAssistant.Store.Dictionary.dictionary.yaml";

    private static readonly string[] _kinds = [DictionaryKind.Stage, DictionaryKind.Channel, DictionaryKind.Touchpoint, DictionaryKind.Event];
    private readonly Dictionary<string, IReadOnlyList<DictionaryEntry>> _entries;
    private readonly Dictionary<(string Kind, string Key), DictionaryEntry> _lookup;

    private JourneyDictionary(Dictionary<string, IReadOnlyList<DictionaryEntry>> entries, string yaml)
    {
        _entries = entries;
        Yaml = yaml;
        _lookup = [];
        foreach (var kind in _kinds)
        {
            // Ids win over aliases: add aliases first, then let ids overwrite. An alias that two ids claim (after case
            // and width folding: "Shop" and "ｓｈｏｐ") would make a raw name match one of them by file order: refused.
            foreach (var entry in _entries[kind])
            {
                foreach (var alias in entry.Aliases)
                {
                    if (!_lookup.TryAdd((kind, Normalize(alias)), entry) && _lookup[(kind, Normalize(alias))] is { } owner && owner.Id != entry.Id)
                    {
                        throw new InvalidDataException(
                            $"dictionary: the {kind} alias '{alias}' is ambiguous: it names both '{owner.Id}' and '{entry.Id}' / 词典中 {kind} 别名“{alias}”同时指向 {owner.Id} 和 {entry.Id}，有歧义");
                    }
                }
            }

            foreach (var entry in _entries[kind])
            {
                _lookup[(kind, Normalize(entry.Id))] = entry;
            }
        }
    }

    /// <summary>The YAML text this dictionary was read from.</summary>
    public string Yaml { get; }

    /// <summary>Loads the embedded dictionary.</summary>
    public static JourneyDictionary LoadEmbedded()
    {
        using var stream = typeof(JourneyDictionary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Loads a dictionary file, or the embedded one when <paramref name="path"/> is empty.</summary>
    public static JourneyDictionary Load(string? path) =>
        string.IsNullOrWhiteSpace(path) ? LoadEmbedded() : Parse(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>This dictionary extended by <paramref name="overlay"/> (docs/DICTIONARY.md); this one is unchanged.</summary>
    /// <exception cref="DictionaryOverlayException">The overlay cannot be applied.</exception>
    public JourneyDictionary WithOverlay(DictionaryOverlay overlay) =>
        overlay.Entries.Count == 0 && overlay.Text.Length == 0 ? this : new JourneyDictionary(overlay.ApplyTo(_entries), Yaml + "\n" + overlay.Text);

    /// <summary>Parses dictionary YAML.</summary>
    public static JourneyDictionary Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        var file = deserializer.Deserialize<DictionaryFile>(yaml) ?? new DictionaryFile();
        var entries = new Dictionary<string, IReadOnlyList<DictionaryEntry>>
        {
            [DictionaryKind.Stage] = file.Stages.Select(s => s.ToEntry(DictionaryKind.Stage, null)).OrderBy(e => e.Order).ToList(),
            [DictionaryKind.Channel] = file.Channels.Select(s => s.ToEntry(DictionaryKind.Channel, s.Kind)).ToList(),
            [DictionaryKind.Touchpoint] = file.Touchpoints.Select(s => s.ToEntry(DictionaryKind.Touchpoint, s.Stage)).OrderBy(e => e.Order).ToList(),
            [DictionaryKind.Event] = file.Events.Select(s => s.ToEntry(DictionaryKind.Event, s.Stage)).ToList(),
        };
        return new JourneyDictionary(entries, yaml);
    }

    /// <inheritdoc />
    public IReadOnlyList<DictionaryEntry> Entries(string kind) =>
        _entries.TryGetValue(kind, out var list) ? list : [];

    /// <inheritdoc />
    public DictionaryEntry? Resolve(string kind, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (_lookup.GetValueOrDefault((kind, Normalize(text))) is { } entry)
        {
            return entry;
        }

        // A custom id carries the user's own name, which is its label in both languages.
        var trimmed = text.Trim();
        return CustomNames.IsCustom(trimmed)
            ? new DictionaryEntry(kind, trimmed, new LocalizedText(CustomNames.NameOf(trimmed), CustomNames.NameOf(trimmed)), [], Unmapped: true)
            : null;
    }

    /// <inheritdoc />
    public string Label(string kind, string id, Language language) =>
        Resolve(kind, id)?.Label[language]
        ?? (kind == DictionaryKind.Stage && id == CustomNames.UnknownStage ? (language == Language.Zh ? "未知阶段" : "Unknown stage") : id);

    /// <summary>The comparison form of a name: full-width ASCII folded to half-width, trimmed, lower-case (the same rule ingestion applies in SQL).</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        }

        return builder.ToString().Trim().ToLowerInvariant();
    }

    /// <summary>Full-width characters and their half-width forms, for SQL translate().</summary>
    internal static (string From, string To) WidthFolding()
    {
        var from = new StringBuilder();
        var to = new StringBuilder();
        for (var c = '\uFF01'; c <= '\uFF5E'; c++)
        {
            from.Append(c);
            to.Append((char)(c - 0xFEE0));
        }

        from.Append('\u3000');
        to.Append(' ');
        return (from.ToString(), to.ToString());
    }

    private sealed class DictionaryFile
    {
        public List<EntryYaml> Stages { get; set; } = [];

        public List<EntryYaml> Channels { get; set; } = [];

        public List<EntryYaml> Touchpoints { get; set; } = [];

        public List<EntryYaml> Events { get; set; } = [];
    }

    private sealed class EntryYaml
    {
        public string Id { get; set; } = "";

        public int Order { get; set; }

        public string? Kind { get; set; }

        public string? Stage { get; set; }

        public string? Touchpoint { get; set; }

        public bool Conversion { get; set; }

        public string Zh { get; set; } = "";

        public string En { get; set; } = "";

        public List<string> Aliases { get; set; } = [];

        public DictionaryEntry ToEntry(string kind, string? category) =>
            new(kind, Id, new LocalizedText(Zh, En), Aliases, category, Order, Touchpoint, Conversion);
    }
}
