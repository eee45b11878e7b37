using System.Globalization;
using System.Text.RegularExpressions;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>One skill file's YAML as it is read: fields out of mappings, each problem kept with its file and line so a file is fixed in one pass.</summary>
internal sealed partial class SkillYaml(string file)
{
    private readonly List<SkillIssue> _issues = [];

    /// <summary>Every problem found so far, in the order found.</summary>
    public IReadOnlyList<SkillIssue> Issues => _issues;

    public BilingualList? Bilingual(YamlMappingNode parent, string key, bool required)
    {
        if (Child(parent, key) is not { } node)
        {
            if (required)
            {
                Issue(parent, $"missing field '{key}' ({{ zh: [...], en: [...] }})");
            }

            return null;
        }

        if (node is not YamlMappingNode m)
        {
            Issue(node, $"{key} must be a mapping {{ zh: [...], en: [...] }}");
            return null;
        }

        CheckKeys(m, key, "zh", "en");
        var zh = Child(m, "zh") is { } zhNode ? ScalarList(zhNode, $"{key}.zh") : [];
        var en = Child(m, "en") is { } enNode ? ScalarList(enNode, $"{key}.en") : [];
        return new BilingualList(zh, en);
    }

    public LocalizedText? RequiredText(YamlMappingNode parent, string key)
    {
        var text = OptionalText(parent, key);
        if (text is null && Child(parent, key) is null)
        {
            Issue(parent, $"missing field '{key}' ({{ zh: …, en: … }})");
        }

        return text;
    }

    public LocalizedText? OptionalText(YamlMappingNode parent, string key)
    {
        if (Child(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode m)
        {
            Issue(node, $"{key} must have both languages: {{ zh: …, en: … }}");
            return null;
        }

        CheckKeys(m, key, "zh", "en");
        var zh = Child(m, "zh") as YamlScalarNode;
        var en = Child(m, "en") as YamlScalarNode;
        if (string.IsNullOrWhiteSpace(zh?.Value) || string.IsNullOrWhiteSpace(en?.Value))
        {
            Issue(node, $"{key} needs non-empty zh and en text");
            return null;
        }

        return new LocalizedText(zh.Value.Trim(), en.Value.Trim());
    }

    public string? RequiredScalar(YamlMappingNode parent, string key)
    {
        var value = OptionalScalar(parent, key);
        if (value is null && Child(parent, key) is null)
        {
            Issue(parent, $"missing field '{key}'");
        }

        return value;
    }

    public string? OptionalScalar(YamlMappingNode parent, string key)
    {
        if (Child(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            Issue(node, $"'{key}' must be a single non-empty value");
            return null;
        }

        return scalar.Value;
    }

    public decimal? OptionalDecimal(YamlMappingNode parent, string key)
    {
        if (OptionalScalar(parent, key) is not { } text)
        {
            return null;
        }

        if (!TryDecimal(text, out var value))
        {
            Issue(Child(parent, key)!, $"'{key}' must be a number, not '{text}'");
            return null;
        }

        return value;
    }

    public List<string> ScalarList(YamlNode node, string what)
    {
        if (node is YamlSequenceNode seq)
        {
            var values = new List<string>();
            foreach (var item in seq.Children)
            {
                if (item is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v))
                {
                    values.Add(v.Trim());
                }
                else
                {
                    Issue(item, $"{what}: each item must be a single non-empty value");
                }
            }

            return values;
        }

        Issue(node, $"{what} must be a list [a, b, c]");
        return [];
    }

    public void CheckKeys(YamlMappingNode node, string what, params string[] known)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!known.Contains(key.Value))
            {
                Issue(key, $"unknown field '{key.Value}' in {what} (known: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>The mapping items of a YAML list, reporting a node that is not a list, or an item that is not a mapping, at its line.</summary>
    public IEnumerable<YamlMappingNode> MappingItems(YamlNode node, string notAList, string notAMapping)
    {
        if (node is not YamlSequenceNode list)
        {
            Issue(node, notAList);
            yield break;
        }

        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else
            {
                Issue(item, notAMapping);
            }
        }
    }

    /// <summary>The mapping items of an optional list field (none when the field is absent), reported as <see cref="MappingItems"/> does.</summary>
    public IEnumerable<YamlMappingNode> OptionalMappingItems(YamlMappingNode parent, string key, string notAList, string notAMapping) =>
        Child(parent, key) is { } node ? MappingItems(node, notAList, notAMapping) : [];

    public static YamlNode? Child(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static bool HasColumn(List<ResultColumn> columns, string name) =>
        columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public void Issue(YamlNode node, string message) => _issues.Add(new SkillIssue(file, (int)node.Start.Line, message));

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    public static partial Regex IdPattern();
}
