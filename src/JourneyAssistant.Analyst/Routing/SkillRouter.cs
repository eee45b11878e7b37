using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Analyst.Routing;

/// <summary>The offline router over the current skill catalog, rebuilt whenever the catalog hot-reloads.</summary>
public sealed class SkillRouter
{
    private readonly ISkillCatalog _catalog;
    private readonly double _threshold;
    private readonly double _minCoverage;
    private readonly EntityExtractor? _entities;
    private volatile OfflineRouter? _router;

    public SkillRouter(ISkillCatalog catalog, IOptions<AnalystOptions> options, EntityExtractor? entities = null)
    {
        _catalog = catalog;
        _entities = entities;
        _threshold = options.Value.ConfidenceThreshold;
        _minCoverage = options.Value.MinCoverage;
        _catalog.Changed += (_, _) => _router = null;
    }

    /// <summary>The router for the skills active now.</summary>
    public OfflineRouter Current => _router ??= Build(_catalog.Skills, _threshold, _entities, _minCoverage);

    /// <summary>Ranks the catalog's skills for a question.</summary>
    public RouteResult Route(string question) => Current.Route(question);

    /// <summary>Builds a router over skill definitions: titles, descriptions, examples and keywords in both languages.</summary>
    public static OfflineRouter Build(IEnumerable<SkillDefinition> skills, double threshold, EntityExtractor? entities = null, double minCoverage = 0.6) =>
        new(skills.Select(ToDocument), threshold, entities is null ? null : text => Annotate(entities, text), minCoverage,
            text => KnownSpans(entities, text), text => ParameterSpans(entities, text));

    /// <summary>Spans of a normalized text that only fill a parameter: channel names and dates.</summary>
    public static IEnumerable<(int Start, int Length)> ParameterSpans(EntityExtractor? entities, string normalized) =>
        KnownSpans(null, normalized).Concat(entities?.Find(normalized).Where(m => m.Kind == "channel").Select(m => (m.Index, m.Length)) ?? []);

    /// <summary>Spans of a normalized question that name a date or a dictionary entry.</summary>
    public static IEnumerable<(int Start, int Length)> KnownSpans(EntityExtractor? entities, string normalized)
    {
        if (entities is not null)
        {
            foreach (var mention in entities.Find(normalized))
            {
                yield return (mention.Index, mention.Length);
            }
        }

        // Any as-of date finds the same words; only the spans matter here ("这个月…上个月" has two).
        var rest = normalized;
        for (var i = 0; i < 3 && DateExpressions.Find(rest, new DateOnly(2026, 6, 30)) is { } date && date.Text.Length > 0; i++)
        {
            var at = rest.IndexOf(date.Text, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            yield return (at, date.Text.Length);
            rest = string.Concat(rest.AsSpan(0, at), new string(' ', date.Text.Length), rest.AsSpan(at + date.Text.Length));
        }
    }

    // Enum values that name a distinctive option of one skill ("末次点击" = last_touch of the attribution model) lift
    // that skill; generic dimension/grain words do not.
    private static readonly HashSet<string> GenericValues = new(StringComparer.Ordinal)
    {
        "channel", "touchpoint", "stage", "region", "day", "week", "month", "all", "people", "revenue", "orders", "activity",
    };

    /// <summary>Bonus added to a skill's score when the question names one of its distinctive parameter values.</summary>
    public const double ValueBonus = 0.12;

    /// <summary>Ranks the skills for a question, lifting skills whose distinctive parameter values the question names.</summary>
    public RouteResult Route(string question, QuestionFacts facts)
    {
        var result = Current.Route(question);
        if (result.Ranked.Count == 0)
        {
            return result;
        }

        var ranked = result.Ranked.Select(c =>
        {
            var skill = _catalog.Find(c.SkillId);
            var named = skill?.Parameters.Any(p => p.Type == ParameterType.Enum && p.Values is { Count: > 0 } values
                && QuestionBinder.MentionedValue(values, facts, p.Name) is { } v && !GenericValues.Contains(v)
                && QuestionBinder.NamesDistinctValue(values, facts, p.Name)) ?? false;
            return named ? c with { Score = c.Score + ValueBonus } : c;
        }).OrderByDescending(c => c.Score).ThenBy(c => c.SkillId, StringComparer.Ordinal).ToList();
        return result with { Ranked = ranked };
    }

    /// <summary>One "§&lt;kind&gt;" term per kind of dictionary entry named: a named touchpoint hints at touchpoint analyses.</summary>
    public static IEnumerable<string> Annotate(EntityExtractor entities, string text) =>
        entities.Find(text).Select(m => "§" + m.Kind).Distinct(StringComparer.Ordinal);

    /// <summary>The routing text of one skill.</summary>
    public static RoutingDocument ToDocument(SkillDefinition skill) => new(
        skill.Id,
        [skill.Title.Zh, skill.Title.En],
        [skill.Description.Zh, skill.Description.En],
        [.. skill.Examples.Zh, .. skill.Examples.En],
        [.. skill.Keywords.Zh, .. skill.Keywords.En]);
}
