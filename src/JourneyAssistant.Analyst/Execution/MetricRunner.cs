using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Metrics;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Compilation;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Logging;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Analyst.Execution;

/// <summary>A metric question: compiled from the metric's declared pieces and run through the same executor, guard, scope and audit as a skill.</summary>
internal sealed class MetricRunner(
    PlanRunner runner, ChannelAbsence channels, IMetricCatalog metrics, IJourneyDictionary? dictionary,
    ISkillExecutor executor, IAccessPolicy? access, ILogger logger)
{
    public async Task<Answer> RunAsync(Question question, string text, Language language, PeriodAnchor anchor, QuestionFacts facts, MetricCandidate candidate,
        RouteResult route, string routedBy, CancellationToken cancellationToken)
    {
        var zh = language == Language.Zh;
        if (candidate.Refusal is { } refusal || candidate.Plan is null)
        {
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Kind = AnswerKind.NotUnderstood,
                Text = candidate.Refusal?[language] ?? (zh ? "这个指标问题还无法回答。" : "I can't answer that metric question yet."),
                Explanation = zh ? "指标只能按它声明允许的维度拆分和筛选（见 metrics/ 目录）；不会改用别的口径。" : "A metric is cut and filtered only by the dimensions it declares (see metrics/); I don't switch to another definition.",
                RoutedBy = "none",
                Route = new AnswerRoute("metric", candidate.Alias, Signals: candidate.Signals),
            };
        }

        // A channel the question names that this store has no rows for ("APP 的订单数" on a store without an app):
        // say so and list the channels it has, never a silent "no data" or another channel's number.
        if (anchor.Data.Channels.Count > 0
            && candidate.Plan.FilterList.FirstOrDefault(f => f.Dimension == DictionaryKind.Channel && !anchor.Data.Channels.Contains(f.Value)) is { } absent)
        {
            return channels.NoSuchChannel(question, language, dictionary!.Label(DictionaryKind.Channel, absent.Value, language), anchor.Data);
        }

        CompiledMetric compiled;
        try
        {
            compiled = new MetricCompiler(metrics.Dimensions, dictionary).Compile(candidate.Plan);
        }
        catch (MetricPlanException e)
        {
            return Answer.Message(AnswerKind.NotUnderstood, language, e.Text[language], question.Text);
        }

        var applied = candidate.Plan.FilterList
            .Select(f => new NamedValue(f.Dimension, f.Value, f.Dimension is DictionaryKind.Channel or DictionaryKind.Touchpoint or DictionaryKind.Stage or DictionaryKind.Event
                ? dictionary!.Label(f.Dimension, f.Value, Language.Zh)
                : f.Value))
            .ToList();
        var filters = new FilterPlan([], null, applied, []);
        var plan = new RoutePlan(compiled.Query, compiled.Arguments, routedBy);
        var other = candidate.OtherMetric is { } otherId && metrics.Find(otherId) is { } second ? second : null;
        // A follow-up is remembered with the words it was planned from, so the next edit ("换成上个月") still knows the metric.
        var answer = await runner.RunAsync(question, candidate.PlannedText ?? text, language, anchor, facts, plan, route, filters, cancellationToken, compiled, candidate);
        if (answer.Kind == AnswerKind.Answered && await ConversionGapNoteAsync(question, text, candidate.Plan, language, cancellationToken) is { } gap)
        {
            answer = answer with { Text = $"{answer.Text}{(zh ? "" : " ")}{gap}", Explanation = $"{answer.Explanation}\n{gap}" };
        }

        if (other is null || answer.Kind != AnswerKind.Answered)
        {
            return answer;
        }

        // Two metrics named and no analysis relating them: say which one this answer is, and offer the other.
        var name = candidate.Plan.Metric.Name[language];
        var otherName = other.Name[language];
        return answer with
        {
            Text = zh ? $"这里回答的是{name}；{otherName}可以单独问。{answer.Text}" : $"This answers {name}; ask for {otherName} on its own. {answer.Text}",
            FollowUps = [zh ? $"{otherName}是多少？" : $"What about {otherName}?", .. answer.FollowUps.Take(2)],
        };
    }

    private async Task<string?> ConversionGapNoteAsync(Question question, string text, MetricPlan plan, Language language, CancellationToken cancellationToken)
    {
        try
        {
            var scope = access?.ScopeFor(question.User) ?? DataScope.All;
            return await ConversionGap.NoteAsync(executor, plan, new ExecutionContext(question.User, question.Channel, text, scope, plan.Period.End), language, cancellationToken);
        }
        catch (SkillExecutionException e)
        {
            // The note is a nicety beside the number: the answer stands without it.
            logger.LogInformation(e, "conversion gap note unavailable");
            return null;
        }
    }
}
