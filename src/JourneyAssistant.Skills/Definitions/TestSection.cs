using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>A skill file's tests block: arguments that must be declared parameters, and what the result is expected to hold.</summary>
internal sealed class TestSection(SkillYaml yaml)
{
    public List<SkillTest> Read(YamlMappingNode root, List<SkillParameter> parameters)
    {
        var result = new List<SkillTest>();
        foreach (var t in yaml.OptionalMappingItems(root, "tests", "tests must be a list", "each test is a mapping { name, arguments, expect }"))
        {
            yaml.CheckKeys(t, "test", "name", "arguments", "expect");
            var name = yaml.RequiredScalar(t, "name");
            var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (SkillYaml.Child(t, "arguments") is YamlMappingNode argumentsNode)
            {
                foreach (var (key, value) in argumentsNode.Children)
                {
                    var argumentName = ((YamlScalarNode)key).Value ?? "";
                    if (!parameters.Any(p => p.Name == argumentName))
                    {
                        yaml.Issue(key, $"test argument '{argumentName}' is not a declared parameter");
                    }

                    arguments[argumentName] = value is YamlScalarNode s ? s.Value ?? "" : "";
                }
            }

            var focus = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var expectColumns = new Dictionary<string, ColumnExpectation>(StringComparer.OrdinalIgnoreCase);
            int? minRows = null, maxRows = null;
            if (SkillYaml.Child(t, "expect") is YamlMappingNode expect)
            {
                yaml.CheckKeys(expect, "expect", "min_rows", "max_rows", "focus", "columns");
                minRows = (int?)yaml.OptionalDecimal(expect, "min_rows");
                maxRows = (int?)yaml.OptionalDecimal(expect, "max_rows");
                if (SkillYaml.Child(expect, "focus") is YamlMappingNode focusNode)
                {
                    foreach (var (key, value) in focusNode.Children)
                    {
                        focus[((YamlScalarNode)key).Value ?? ""] = value is YamlScalarNode s ? s.Value ?? "" : "";
                    }
                }

                if (SkillYaml.Child(expect, "columns") is YamlMappingNode columnsNode)
                {
                    foreach (var (key, value) in columnsNode.Children)
                    {
                        if (ReadColumnExpectation(value) is { } expectation)
                        {
                            expectColumns[((YamlScalarNode)key).Value ?? ""] = expectation;
                        }
                    }
                }
            }
            else
            {
                yaml.Issue(t, "a test needs 'expect' (min_rows, max_rows, focus, columns)");
            }

            if (name is not null)
            {
                result.Add(new SkillTest(name, arguments, new SkillTestExpectation(minRows, maxRows, focus, expectColumns)));
            }
        }

        return result;
    }

    private ColumnExpectation? ReadColumnExpectation(YamlNode node)
    {
        if (node is not YamlMappingNode m)
        {
            yaml.Issue(node, "a column expectation is a mapping: { between: [a, b] } | { min: a } | { max: b } | { equals: v }");
            return null;
        }

        yaml.CheckKeys(m, "column expectation", "between", "min", "max", "equals");
        decimal? min = yaml.OptionalDecimal(m, "min"), max = yaml.OptionalDecimal(m, "max");
        if (SkillYaml.Child(m, "between") is { } between)
        {
            var bounds = yaml.ScalarList(between, "between");
            if (bounds.Count != 2 || !SkillYaml.TryDecimal(bounds[0], out var low) || !SkillYaml.TryDecimal(bounds[1], out var high))
            {
                yaml.Issue(between, "between needs two numbers: [low, high]");
                return null;
            }

            (min, max) = (low, high);
        }

        return new ColumnExpectation(min, max, yaml.OptionalScalar(m, "equals"));
    }
}
