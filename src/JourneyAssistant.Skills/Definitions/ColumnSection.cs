using JourneyAssistant.Skills.Results;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>A skill file's output columns: each with its role, label, dictionary and unit.</summary>
internal sealed class ColumnSection(SkillYaml yaml)
{
    private static readonly Dictionary<string, ColumnRole> Roles = new(StringComparer.Ordinal)
    {
        ["dimension"] = ColumnRole.Dimension,
        ["measure"] = ColumnRole.Measure,
        ["count"] = ColumnRole.Count,
        ["percent"] = ColumnRole.Percent,
        ["currency"] = ColumnRole.Currency,
        ["duration"] = ColumnRole.Duration,
    };

    public List<ResultColumn> Read(YamlMappingNode root)
    {
        var result = new List<ResultColumn>();
        if (SkillYaml.Child(root, "columns") is not { } node)
        {
            yaml.Issue(root, "missing field 'columns' (every output column with its role)");
            return result;
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            yaml.Issue(node, "columns must be a non-empty list");
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode c)
            {
                yaml.Issue(item, "each column is a mapping { name, role, label }");
                continue;
            }

            yaml.CheckKeys(c, "column", "name", "role", "label", "dictionary", "unit");
            var name = yaml.RequiredScalar(c, "name");
            var roleText = yaml.RequiredScalar(c, "role");
            var role = ColumnRole.Dimension;
            if (roleText is not null && !Roles.TryGetValue(roleText, out role))
            {
                yaml.Issue(SkillYaml.Child(c, "role")!, $"column role '{roleText}' is unknown (use {string.Join(" | ", Roles.Keys)})");
            }

            var label = yaml.RequiredText(c, "label");
            var dictionary = yaml.OptionalScalar(c, "dictionary");
            if (dictionary is not null && !SkillFileReader.DictionaryKinds.Contains(dictionary))
            {
                yaml.Issue(SkillYaml.Child(c, "dictionary")!, $"dictionary '{dictionary}' is unknown (use {string.Join(" | ", SkillFileReader.DictionaryKinds)})");
            }

            var unit = yaml.OptionalScalar(c, "unit");
            if (role == ColumnRole.Duration && (unit is null || !SkillFileReader.DurationUnits.Contains(unit)))
            {
                yaml.Issue(c, $"duration column '{name}' needs unit: {string.Join(" | ", SkillFileReader.DurationUnits)}");
            }

            if (name is not null && result.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                yaml.Issue(c, $"column '{name}' is declared twice");
            }

            if (name is not null && label is not null)
            {
                result.Add(new ResultColumn(name, role, label, dictionary, unit));
            }
        }

        return result;
    }
}
