using JourneyAssistant.Skills.Execution;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>A skill file's parameters: names, types, values, bounds and defaults, each checked where it is declared.</summary>
internal sealed class ParameterSection(SkillYaml yaml)
{
    private static readonly Dictionary<string, ParameterType> ParameterTypes = new(StringComparer.Ordinal)
    {
        ["date_range"] = ParameterType.DateRange,
        ["enum"] = ParameterType.Enum,
        ["integer"] = ParameterType.Integer,
        ["number"] = ParameterType.Number,
        ["string"] = ParameterType.String,
        ["boolean"] = ParameterType.Boolean,
    };

    public List<SkillParameter> Read(YamlMappingNode root)
    {
        var result = new List<SkillParameter>();
        foreach (var p in yaml.OptionalMappingItems(root, "parameters", "parameters must be a list", "each parameter is a mapping with name, type, description"))
        {
            yaml.CheckKeys(p, "parameter", "name", "type", "default", "required", "values_from", "values", "min", "max", "description");
            var name = yaml.RequiredScalar(p, "name");
            if (name is not null && !SkillYaml.IdPattern().IsMatch(name))
            {
                yaml.Issue(p, $"parameter name '{name}' must be lower_snake_case");
            }

            if (name is not null && result.Any(r => r.Name == name))
            {
                yaml.Issue(p, $"parameter '{name}' is declared twice");
            }

            var typeText = yaml.RequiredScalar(p, "type");
            var type = ParameterType.String;
            if (typeText is not null && !ParameterTypes.TryGetValue(typeText, out type))
            {
                yaml.Issue(SkillYaml.Child(p, "type")!, $"parameter type '{typeText}' is unknown (use {string.Join(" | ", ParameterTypes.Keys)})");
            }

            var description = yaml.RequiredText(p, "description");
            var valuesFrom = yaml.OptionalScalar(p, "values_from");
            if (valuesFrom is not null && !SkillFileReader.DictionaryKinds.Contains(valuesFrom))
            {
                yaml.Issue(SkillYaml.Child(p, "values_from")!, $"values_from '{valuesFrom}' is unknown (use {string.Join(" | ", SkillFileReader.DictionaryKinds)})");
            }

            var values = SkillYaml.Child(p, "values") is { } valuesNode ? yaml.ScalarList(valuesNode, "values") : null;
            if (type == ParameterType.Enum && valuesFrom is null && (values is null || values.Count == 0))
            {
                yaml.Issue(p, $"enum parameter '{name}' needs values_from (channel | touchpoint | stage | event) or values: [a, b]");
            }

            if (type != ParameterType.Enum && (valuesFrom is not null || values is not null))
            {
                yaml.Issue(p, $"parameter '{name}': values/values_from only apply to type enum");
            }

            var required = false;
            if (yaml.OptionalScalar(p, "required") is { } requiredText && !bool.TryParse(requiredText, out required))
            {
                yaml.Issue(SkillYaml.Child(p, "required")!, $"required must be true or false, not '{requiredText}'");
            }

            var min = yaml.OptionalDecimal(p, "min");
            var max = yaml.OptionalDecimal(p, "max");
            if ((min is not null || max is not null) && type is not (ParameterType.Integer or ParameterType.Number))
            {
                yaml.Issue(p, $"parameter '{name}': min/max only apply to integer and number");
            }

            var @default = yaml.OptionalScalar(p, "default");
            if (name is not null && description is not null && typeText is not null)
            {
                var parameter = new SkillParameter(name, type, description, @default, required, valuesFrom, values, min, max);
                if (@default is not null && ParameterBinder.CheckDefaultSyntax(parameter) is { } problem)
                {
                    yaml.Issue(SkillYaml.Child(p, "default")!, problem);
                }

                result.Add(parameter);
            }
        }

        return result;
    }
}
