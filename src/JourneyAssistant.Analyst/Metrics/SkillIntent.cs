using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>
/// The words that ask for an analysis rather than a number: every skill's keywords, less those a metric or dimension
/// is named by and the metric layer's grammar (periods, changes, totals). Derived from the skill and metric files, so
/// a new skill's keyword is honoured without a code change. Rebuilt when either catalog changes.
/// </summary>
public sealed class SkillIntent(ISkillCatalog skills, IMetricCatalog metrics)
{
    private (IReadOnlyList<SkillDefinition> Skills, IReadOnlyList<MetricDefinition> Metrics, IReadOnlyList<string> Terms)? _cache;

    public IReadOnlyList<string> Terms
    {
        get
        {
            var skillList = skills.Skills;
            var metricList = metrics.Metrics;
            if (_cache is { } cached && ReferenceEquals(cached.Skills, skillList) && ReferenceEquals(cached.Metrics, metricList))
            {
                return cached.Terms;
            }

            var names = metricList.SelectMany(m => m.Aliases.Zh.Concat(m.Aliases.En).Append(m.Name.Zh).Append(m.Name.En))
                .Concat(metrics.Dimensions.Values.SelectMany(d => d.Aliases.Zh.Concat(d.Aliases.En).Append(d.Name.Zh).Append(d.Name.En)))
                .Select(TextTokens.Normalize).Where(n => n.Length > 0).ToList();
            var terms = skillList.SelectMany(s => s.Keywords.Zh.Concat(s.Keywords.En)).Select(TextTokens.Normalize)
                .Where(k => k.Length > 1 && !names.Any(n => n.Contains(k, StringComparison.Ordinal)) && !MetricPlanner.IsGrammar(k))
                .Distinct(StringComparer.Ordinal).OrderByDescending(k => k.Length).ToList();
            _cache = (skillList, metricList, terms);
            return terms;
        }
    }

    /// <summary>The first analysis word in <paramref name="normalized"/> outside the metric's own name, or null.</summary>
    public string? Find(string normalized, string alias)
    {
        var text = alias.Length == 0 ? normalized : normalized.Replace(alias, " ", StringComparison.Ordinal);
        return Terms.FirstOrDefault(t => TextTokens.IndexOfTerm(text, t, 0) >= 0);
    }
}
