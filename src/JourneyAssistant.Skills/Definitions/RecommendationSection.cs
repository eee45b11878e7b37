using JourneyAssistant.Skills.Results;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>A skill file's recommendation rules: when-conditions (or always) with the action, metric and owner.</summary>
internal sealed class RecommendationSection(SkillYaml yaml)
{
    public List<RecommendationRule> Read(YamlMappingNode root, List<ResultColumn> columns)
    {
        var result = new List<RecommendationRule>();
        foreach (var r in yaml.OptionalMappingItems(root, "recommendations", "recommendations must be a list", "each recommendation is a mapping { when | always, action, metric, owner }"))
        {
            yaml.CheckKeys(r, "recommendation", "when", "always", "action", "metric", "owner");
            var always = yaml.OptionalScalar(r, "always") is { } alwaysText && bool.TryParse(alwaysText, out var a) && a;
            var conditions = new List<RecommendationCondition>();
            if (SkillYaml.Child(r, "when") is { } whenNode)
            {
                if (whenNode is not YamlSequenceNode whenList)
                {
                    yaml.Issue(whenNode, "when must be a list of conditions { row, column, op, value }");
                }
                else
                {
                    foreach (var conditionNode in whenList.Children)
                    {
                        if (ReadCondition(conditionNode, columns) is { } condition)
                        {
                            conditions.Add(condition);
                        }
                    }
                }
            }
            else if (!always)
            {
                yaml.Issue(r, "a recommendation needs 'when' conditions or 'always: true'");
            }

            var action = yaml.RequiredText(r, "action");
            var metric = yaml.RequiredText(r, "metric");
            var owner = yaml.OptionalText(r, "owner");
            if (action is not null && metric is not null)
            {
                result.Add(new RecommendationRule(conditions, always, action, metric, owner));
            }
        }

        return result;
    }

    private RecommendationCondition? ReadCondition(YamlNode node, List<ResultColumn> columns)
    {
        if (node is not YamlMappingNode c)
        {
            yaml.Issue(node, "a condition is a mapping { row, column, op, value }");
            return null;
        }

        yaml.CheckKeys(c, "condition", "row", "column", "op", "value", "of");
        var row = yaml.OptionalScalar(c, "row") ?? "focus";
        var of = yaml.OptionalScalar(c, "of");
        if (of is not null && !ConditionAttributes.All.Contains(of))
        {
            yaml.Issue(SkillYaml.Child(c, "of")!, $"of '{of}' is unknown (use {string.Join(" | ", ConditionAttributes.All)})");
        }

        if (!SkillFileReader.RowSelectors.Contains(row))
        {
            yaml.Issue(SkillYaml.Child(c, "row")!, $"row '{row}' is unknown (use {string.Join(" | ", SkillFileReader.RowSelectors)})");
        }

        var column = yaml.RequiredScalar(c, "column");
        if (column is not null && columns.Count > 0 && !SkillYaml.HasColumn(columns, column))
        {
            yaml.Issue(SkillYaml.Child(c, "column")!, $"condition names column '{column}', which is not in columns");
        }

        var op = yaml.RequiredScalar(c, "op");
        if (op is not null && !SkillFileReader.Operators.Contains(op))
        {
            yaml.Issue(SkillYaml.Child(c, "op")!, $"operator '{op}' is unknown (use {string.Join(" ", SkillFileReader.Operators)})");
        }

        object? value = null;
        if (SkillYaml.Child(c, "value") is { } valueNode)
        {
            value = valueNode switch
            {
                YamlSequenceNode seq => yaml.ScalarList(seq, "value"),
                YamlScalarNode scalar => scalar.Value,
                _ => null,
            };
            if (op is "in" or "not_in" && value is not IReadOnlyList<string>)
            {
                yaml.Issue(valueNode, $"operator '{op}' needs a list value, e.g. [payment, checkout]");
            }
        }
        else
        {
            yaml.Issue(c, "condition is missing 'value'");
        }

        return column is null || op is null ? null : new RecommendationCondition(row, column, op, value, of);
    }
}
