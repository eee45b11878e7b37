using System.Text;
using JourneyAssistant.Store.Dictionary;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Store.Vocabulary;

/// <summary>
/// Writes aliases into the dictionary overlay (`data/dictionary.local.yaml`, format in docs/DICTIONARY.md): an alias joins
/// the entry of its id, which is added (`{ id, aliases }`) when the overlay has none yet. Other entries are kept as they
/// are; comments are not (the file is rewritten).
/// </summary>
public static class OverlayAliases
{
    private static readonly string[] _sections = ["stages", "channels", "touchpoints", "events"];

    /// <summary>
    /// Adds each (kind, alias, id) to <paramref name="path"/>; returns how many were new there. <paramref name="check"/>
    /// sees the new text first and may refuse it (its reason is thrown as <see cref="OverlayRefusedException"/>),
    /// in which case the file is left as it was.
    /// </summary>
    public static int Add(string path, IEnumerable<(string Kind, string Alias, string Id)> aliases, Func<string, string?>? check = null)
    {
        var root = Load(path);
        var added = 0;
        foreach (var (kind, alias, id) in aliases)
        {
            var section = Section(root, kind + "s");
            var entry = section.Children.OfType<YamlMappingNode>().FirstOrDefault(e => Scalar(e, "id") == id);
            if (entry is null)
            {
                entry = new YamlMappingNode { { "id", id } };
                section.Add(entry);
            }

            if (!entry.Children.TryGetValue(new YamlScalarNode("aliases"), out var node) || node is not YamlSequenceNode list)
            {
                list = [];
                entry.Children[new YamlScalarNode("aliases")] = list;
            }

            if (list.Children.OfType<YamlScalarNode>().Any(a => JourneyDictionary.Normalize(a.Value ?? "") == JourneyDictionary.Normalize(alias)))
            {
                continue;
            }

            list.Add(alias);
            added++;
        }

        var text = Write(root);
        if (check?.Invoke(text) is { } refused)
        {
            throw new OverlayRefusedException(refused);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return added;
    }

    private static YamlMappingNode Load(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return [];
        }

        var stream = new YamlStream();
        using (var reader = new StreamReader(path, Encoding.UTF8))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 0 ? [] : stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new InvalidDataException($"{path}: the overlay must be a mapping of sections (touchpoints:, events:, …) / 覆盖文件须为分节映射");
    }

    private static YamlSequenceNode Section(YamlMappingNode root, string name)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(name), out var node) && node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        sequence = [];
        root.Children[new YamlScalarNode(name)] = sequence;
        return sequence;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;

    // One entry per line in flow style, like dictionary.yaml.
    private static string Write(YamlMappingNode root)
    {
        var text = new StringBuilder("# Dictionary overlay: extends the built-in vocabulary (docs/DICTIONARY.md). Written by `journey dictionary apply`.\n");
        foreach (var (key, value) in root.Children.OrderBy(c => Array.IndexOf(_sections, ((YamlScalarNode)c.Key).Value) is var i and >= 0 ? i : int.MaxValue))
        {
            text.Append(((YamlScalarNode)key).Value).Append(":\n");
            foreach (var entry in ((YamlSequenceNode)value).Children)
            {
                text.Append("  - ").Append(Flow(entry)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Flow(YamlNode node) => node switch
    {
        YamlMappingNode m => "{ " + string.Join(", ", m.Children.Select(c => Flow(c.Key) + ": " + Flow(c.Value))) + " }",
        YamlSequenceNode s => "[" + string.Join(", ", s.Children.Select(Flow)) + "]",
        YamlScalarNode s => Quote(s.Value ?? ""),
        _ => "",
    };

    private static string Quote(string value) =>
        value.Length > 0 && value.Trim() == value && value.IndexOfAny([':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`']) < 0
            && value[0] is not ('-' or '?')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>The overlay an edit would produce is refused by the dictionary; nothing was written.</summary>
public sealed class OverlayRefusedException(string reason) : Exception(reason);
