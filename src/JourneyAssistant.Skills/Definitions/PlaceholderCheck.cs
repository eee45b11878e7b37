using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>Every {row.column} and {param.x} placeholder in answer, empty and recommendations must name something that exists.</summary>
internal sealed class PlaceholderCheck(SkillYaml yaml)
{
    public void Check(YamlMappingNode root, List<ResultColumn> columns, List<SkillParameter> parameters)
    {
        if (columns.Count == 0)
        {
            return;
        }

        var texts = new List<YamlNode>();
        foreach (var key in new[] { "answer", "answer_lowest", "answer_single", "empty" })
        {
            if (SkillYaml.Child(root, key) is { } n)
            {
                texts.Add(n);
            }
        }

        if (SkillYaml.Child(root, "recommendations") is YamlSequenceNode recs)
        {
            texts.AddRange(recs.Children.OfType<YamlMappingNode>().Select(r => SkillYaml.Child(r, "action")).OfType<YamlNode>());
        }

        foreach (var node in texts)
        {
            foreach (var scalar in node.AllNodes.OfType<YamlScalarNode>())
            {
                foreach (var placeholder in TemplateText.Placeholders(scalar.Value ?? ""))
                {
                    if (TemplateText.Check(placeholder, columns, parameters) is { } problem)
                    {
                        yaml.Issue(scalar, problem);
                    }
                }
            }
        }
    }
}
