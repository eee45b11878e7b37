using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Composition;
using JourneyAssistant.Analyst.Conversation;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Metrics;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Compilation;
using JourneyAssistant.Metrics.Narration;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Logging;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Analyst.Execution;

/// <summary>
/// Runs a plan (a skill, or a compiled metric) through the guarded executor in the asker's scope, remembers it for
/// follow-ups, and composes the answer with its period and filter notes, chart and next questions.
/// </summary>
// The quality reader says unmapped names and quarantined rows in the asker's scope with every answer (issue 14); optional so tests may leave it out.
internal sealed class PlanRunner(
    ISkillExecutor executor, IAccessPolicy? access, ConversationStore conversations, AnswerComposer composer, string zone,
    DataQualityReader? quality, IJourneyDictionary? dictionary, SkillNarrator? narrator, IMetricCatalog? metrics,
    AnswerCharts charts, SkillSuggestions suggestions, NamedRowFinder namedRows, ILogger logger)
{
    public async Task<Answer> RunAsync(Question question, string text, Language language, PeriodAnchor anchor, QuestionFacts facts, RoutePlan plan, RouteResult route, FilterPlan filters, CancellationToken cancellationToken,
        CompiledMetric? metric = null, MetricCandidate? candidate = null)
    {
        var asOf = anchor.AsOf;
        var scope = access?.ScopeFor(question.User) ?? DataScope.All;
        // Regions and channels the question names narrow the views the skill reads; the answer's scope note stays the user's own.
        var context = new ExecutionContext(question.User, question.Channel, text, filters.Narrow(scope), asOf);
        SkillResult result;
        try
        {
            var arguments = plan.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value, StringComparer.Ordinal);
            foreach (var parameter in plan.Skill.Parameters.Where(p => p.Type == ParameterType.DateRange && !arguments.ContainsKey(p.Name)))
            {
                // A stale store's default "last_week" is the last complete week in the data, like a question's "上周".
                if (anchor.DefaultPeriod(parameter.Default?.ToString()) is { } period)
                {
                    arguments[parameter.Name] = period;
                }
            }

            result = await executor.RunAsync(plan.Skill, arguments, context, cancellationToken);
        }
        catch (SkillExecutionException e)
        {
            logger.LogWarning(e, "Skill {Skill} did not run ({Outcome}), reference {Reference}", plan.Skill.Id, e.Outcome, e.AuditId);
            var apology = language == Language.Zh
                ? $"抱歉，这个问题没能算出来：{e.Text[language]}（参考编号 {e.AuditId}）"
                : $"Sorry, I couldn't compute that: {e.Text[language]} (reference {e.AuditId})";
            return Failed(question, language, plan, apology) with
            {
                Reference = e.AuditId,
                FollowUps = suggestions.Closest(language, route, plan.Skill.Id, 3),
            };
        }

        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Infrastructure trouble (store or audit file locked, disk full …): apologise, never crash the caller.
            logger.LogError(e, "Skill {Skill} failed unexpectedly", plan.Skill.Id);
            return Failed(question, language, plan,
                language == Language.Zh ? "抱歉，查询暂时失败了，请稍后再试（详情已写入日志）。" : "Sorry, the query failed for now; please try again shortly (details are in the log).");
        }

        conversations.Remember(question.ConversationId, plan.Skill.Id, plan.Arguments, text);
        // "The period includes today" is about the calendar: a stale store's period ends with its data, not today.
        result = filters.Keep(result);
        var answer = composer.Compose(question.Text, language, plan.Skill, result, anchor.Today, zone, scope, plan.RoutedBy,
            (quality is null ? null : await quality.CaveatAsync(context, language, result.Parameters.Values.OfType<DateRange>().FirstOrDefault(), cancellationToken)), MetricPlanner.AsksLowest(facts.Normalized), anchor.Data.Last,
            facts.IsComparison ? facts.Entities.Select(e => (e.Kind, e.Id)).ToList() : null, namedRows.Find(plan.Skill, result, facts, anchor.Data));
        var lead = string.Concat(anchor.Note(language, facts.Period, result.Parameters.Values.OfType<DateRange>().FirstOrDefault()), filters.Note(language, dictionary));
        var leadNote = lead.Length == 0 ? null : lead;
        var used = result.Parameters.Values.OfType<DateRange>().FirstOrDefault();
        if (used is { IsAll: false } && anchor.Data.HasData && !anchor.Data.Overlaps(used.Start, used.End))
        {
            // A period outside the data says so plainly: never "stable", never a table of "—".
            return answer with
            {
                Text = Lead(leadNote, anchor.NoDataText(language, used)),
                Rows = [],
                Recommendations = [],
                FollowUps = suggestions.After(language, plan, route, anchor),
            };
        }

        if (metric is not null)
        {
            var span = anchor.Data is { First: { } first, Last: { } last } ? (first, last) : ((DateOnly, DateOnly)?)null;
            var narrative = new MetricNarrator(narrator!, dictionary!, metrics!.Dimensions).Narrate(metric, result, language, span);
            return answer with
            {
                Text = Lead(leadNote, narrative.Headline),
                Parameters = MetricAuditParameters.For(answer.Parameters, metric.Plan),
                Recommendations = narrative.Recommendations.Select(r => new Recommendation(r.Action, r.Metric, r.Owner)).ToList(),
                Rows = narrative.HasEvidence ? answer.Rows : [],
                Chart = narrative.HasEvidence ? charts.Render(result, language) : null,
                FollowUps = MetricFollowUps.For(metric.Plan, language, metrics.Dimensions),
                Route = new AnswerRoute("metric", metric.Plan.Metric.Id, metric.Plan.Shape.ToString().ToLowerInvariant(), candidate?.Signals, route.Best?.Score),
            };
        }

        return answer with
        {
            Text = Lead(leadNote, answer.Text),
            Chart = charts.Render(result, language),
            FollowUps = suggestions.After(language, plan, route, anchor),
            Route = new AnswerRoute("skill", plan.Skill.Id, SkillScore: route.Best?.Score),
        };
    }

    private static Answer Failed(Question question, Language language, RoutePlan plan, string text) => new()
    {
        Question = question.Text,
        Language = language.Code(),
        Kind = AnswerKind.Failed,
        Skill = plan.Skill.Id,
        SkillVersion = plan.Skill.Version,
        Parameters = plan.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value),
        Text = text,
        RoutedBy = plan.RoutedBy,
    };

    private static string Lead(string? note, string text) => note is null ? text : $"{note}{text}";
}
