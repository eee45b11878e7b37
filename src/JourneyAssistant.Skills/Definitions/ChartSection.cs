using JourneyAssistant.Skills.Results;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>A skill file's chart hint and focus rule, whose columns must be among the declared columns.</summary>
internal sealed class ChartSection(SkillYaml yaml, ChartKindRegistry chartKinds)
{
    public ChartHint? ReadChart(YamlMappingNode root, List<ResultColumn> columns)
    {
        if (SkillYaml.Child(root, "chart") is not { } node)
        {
            yaml.Issue(root, "missing field 'chart' ({ kind: funnel | bar | line | stacked | heatmap | table, x, y })");
            return null;
        }

        if (node is not YamlMappingNode chart)
        {
            yaml.Issue(node, "chart must be a mapping { kind, x, y, series }");
            return null;
        }

        yaml.CheckKeys(chart, "chart", "kind", "x", "y", "series");
        var kind = yaml.RequiredScalar(chart, "kind");
        if (kind is not null && !chartKinds.IsKnown(kind))
        {
            yaml.Issue(SkillYaml.Child(chart, "kind")!, $"chart kind '{kind}' is unknown (known: {string.Join(", ", chartKinds.Kinds)})");
        }

        foreach (var key in new[] { "x", "y", "series" })
        {
            if (yaml.OptionalScalar(chart, key) is { } column && columns.Count > 0 && !SkillYaml.HasColumn(columns, column))
            {
                yaml.Issue(SkillYaml.Child(chart, key)!, $"chart.{key} names column '{column}', which is not in columns");
            }
        }

        return kind is null ? null : new ChartHint(kind, yaml.OptionalScalar(chart, "x"), yaml.OptionalScalar(chart, "y"), yaml.OptionalScalar(chart, "series"));
    }

    public FocusRule? ReadFocus(YamlMappingNode root, List<ResultColumn> columns)
    {
        if (SkillYaml.Child(root, "focus") is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode focus)
        {
            yaml.Issue(node, "focus must be a mapping { by: column, order: desc | asc }");
            return null;
        }

        yaml.CheckKeys(focus, "focus", "by", "order");
        var by = yaml.RequiredScalar(focus, "by");
        var order = yaml.OptionalScalar(focus, "order") ?? "desc";
        if (order is not ("desc" or "asc"))
        {
            yaml.Issue(SkillYaml.Child(focus, "order")!, $"focus.order must be desc or asc, not '{order}'");
        }

        if (by is not null && columns.Count > 0 && !SkillYaml.HasColumn(columns, by))
        {
            yaml.Issue(SkillYaml.Child(focus, "by")!, $"focus.by names column '{by}', which is not in columns");
        }

        return by is null ? null : new FocusRule(by, order != "asc");
    }
}
