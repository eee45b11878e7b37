using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Tests;

/// <summary>The real shared vocabulary (src/JourneyAssistant.Store/Dictionary/dictionary.yaml), read directly so these tests do not wait on the store module.</summary>
internal sealed class TestDictionary : IJourneyDictionary
{
    public static readonly TestDictionary Instance = new();

    private readonly Dictionary<string, List<DictionaryEntry>> _entries = new(StringComparer.Ordinal);

    private TestDictionary()
    {
        var path = Path.Combine(RepoPaths.Root, "src", "JourneyAssistant.Store", "Dictionary", "dictionary.yaml");
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var (section, kind) in new[] { ("stages", "stage"), ("channels", "channel"), ("touchpoints", "touchpoint"), ("events", "event") })
        {
            var list = new List<DictionaryEntry>();
            foreach (var item in ((YamlSequenceNode)root[section]).Children.Cast<YamlMappingNode>())
            {
                string? Get(string key) => item.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
                var aliases = item.Children.TryGetValue(new YamlScalarNode("aliases"), out var a)
                    ? ((YamlSequenceNode)a).Children.Select(x => ((YamlScalarNode)x).Value!).ToList()
                    : [];
                list.Add(new DictionaryEntry(kind, Get("id")!, new LocalizedText(Get("zh")!, Get("en")!), aliases));
            }

            _entries[kind] = list;
        }
    }

    public IReadOnlyList<DictionaryEntry> Entries(string kind) => _entries.GetValueOrDefault(kind) ?? [];

    public DictionaryEntry? Resolve(string kind, string text)
    {
        var t = text.Trim();
        return Entries(kind).FirstOrDefault(e => string.Equals(e.Id, t, StringComparison.OrdinalIgnoreCase)
            || e.Aliases.Any(a => string.Equals(a, t, StringComparison.OrdinalIgnoreCase))
            || string.Equals(e.Label.Zh, t, StringComparison.Ordinal) || string.Equals(e.Label.En, t, StringComparison.OrdinalIgnoreCase));
    }

    public string Label(string kind, string id, Language language) =>
        Entries(kind).FirstOrDefault(e => e.Id == id)?.Label[language] ?? id;
}
