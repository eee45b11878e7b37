using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>Runs skills for one report (concurrently): remembers missing skills, failures and this week's narrations.</summary>
internal sealed class SkillRuns(
    ISkillCatalog catalog,
    ISkillExecutor executor,
    SkillNarrator narrator,
    ReportsOptions options,
    ExecutionContext context,
    Language language,
    CancellationToken cancellationToken)
{
    /// <summary>Order in which skills contribute recommendations: the funnel leak first.</summary>
    private readonly IReadOnlyList<string> _recommendationOrder = options.WeeklySkills.InRecommendationOrder();

    private readonly Lock _gate = new();
    private readonly List<string> _missing = [];
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, (IReadOnlyList<NarratedRecommendation> Items, int Always)> _recommendations = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Missing
    {
        get
        {
            lock (_gate)
            {
                return [.. _missing.Distinct().Order(StringComparer.Ordinal)];
            }
        }
    }

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures.Distinct().Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Recommendations per skill, in a fixed order so the report reads the same every time.</summary>
    public IReadOnlyList<(IReadOnlyList<NarratedRecommendation> Items, int Always)> Recommendations
    {
        get
        {
            lock (_gate)
            {
                return [.. _recommendationOrder.Where(_recommendations.ContainsKey).Select(id => _recommendations[id])];
            }
        }
    }

    public async Task<SkillResult?> Skill(string id, string period, bool narrate, params (string Name, object? Value)[] extra)
    {
        var skill = catalog.Find(id);
        if (skill is null)
        {
            lock (_gate)
            {
                _missing.Add(id);
            }

            return null;
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (skill.Parameter("period") is not null)
        {
            arguments["period"] = period;
        }

        foreach (var (name, value) in extra)
        {
            if (skill.Parameter(name) is not null)
            {
                arguments[name] = value?.ToString();
            }
        }

        try
        {
            var result = await executor.RunAsync(skill, arguments, context, cancellationToken);

            // Recommendations come from this week's run, worded as the skill file words them.
            if (narrate)
            {
                var narrative = narrator.Narrate(skill, WithoutSmallSamples(result), language);
                lock (_gate)
                {
                    // Always-rules always match, so they are the last ones the narrator kept.
                    var always = Math.Min(skill.Recommendations.Count(r => r.Always), narrative.Recommendations.Count);
                    _recommendations[id] = (narrative.Recommendations, always);
                }
            }

            return result;
        }
        catch (SkillExecutionException e)
        {
            lock (_gate)
            {
                _failures.Add($"{id}: {e.Text[language]} ({e.AuditId})");
            }

            return null;
        }
    }

    // A channel with a handful of people must not drive a recommendation ("Phone converts at 0%").
    private SkillResult WithoutSmallSamples(SkillResult result)
    {
        var people = result.IndexOf("people");
        return people < 0
            ? result
            : result with { Rows = [.. result.Rows.Where(r => Charts.Rendering.ChartColumns.ToDouble(r[people]) >= options.SmallSample)] };
    }

    public async Task<DateOnly?> LatestDate()
    {
        try
        {
            var result = await executor.RunAdhocAsync("SELECT max(local_date) AS latest_date FROM journey_events", context, cancellationToken);
            return result.Rows.Count == 0 ? null : result.Rows[0][0] switch
            {
                DateOnly d => d,
                DateTime dt => DateOnly.FromDateTime(dt),
                _ => null,
            };
        }
        catch (SkillExecutionException e)
        {
            lock (_gate)
            {
                _failures.Add($"freshness: {e.Text[language]} ({e.AuditId})");
            }

            return null;
        }
    }
}
