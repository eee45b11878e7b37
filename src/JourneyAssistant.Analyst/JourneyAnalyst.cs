using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Composition;
using JourneyAssistant.Analyst.Conversation;
using JourneyAssistant.Analyst.Execution;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Metrics;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Charts;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Time;
using JourneyAssistant.Store.Vocabulary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Analyst;

/// <summary>
/// The analyst: screens the question, resolves follow-ups, routes (model first when configured, else or on failure
/// the offline router), binds parameters, runs the vetted skill through the guarded executor, and composes the answer.
/// </summary>
public sealed class JourneyAnalyst : IAnalyst
{
    private readonly ISkillCatalog _catalog;
    private readonly SkillRouter _router;
    private readonly FactExtractor _facts;
    private readonly IAccessPolicy? _access;
    private readonly IModelPlanner? _planner;
    private readonly ISummaryResponder? _summary;
    private readonly AnalystOptions _options;
    private readonly ReportingClock _clock;
    private readonly ILogger _logger;
    private readonly DataProfileReader _profiles;
    private readonly IJourneyDictionary? _dictionary;
    private readonly KnownWords _knownWords;
    private readonly FollowUpPlanner _followUps;
    private readonly PlanRunner _runner;
    private readonly GeneratedSqlRunner _generated;
    private readonly ChannelAbsence _channels;
    private readonly UnansweredQuestions _unanswered;

    // The metric layer (issue 15): optional, so a host without metric files routes every question to the skills.
    private readonly IMetricCatalog? _metrics;
    private readonly MetricPlanner? _metricPlanner;
    private readonly SkillIntent? _intent;
    private readonly SkillNarrator? _narrator;
    private readonly MetricRunner? _metricRunner;
    private readonly ModelMetricCall? _modelMetric;

    public JourneyAnalyst(
        ISkillCatalog catalog,
        ISkillExecutor executor,
        SkillRouter router,
        FactExtractor facts,
        AnswerComposer composer,
        ConversationStore conversations,
        IOptions<AnalystOptions> options,
        IOptions<StoreOptions> store,
        string contentRoot,
        TimeProvider? time = null,
        IAccessPolicy? access = null,
        IJourneyCharts? charts = null,
        IModelPlanner? planner = null,
        ISummaryResponder? summary = null,
        ILogger<JourneyAnalyst>? logger = null,
        IJourneyDictionary? dictionary = null,
        DataQualityReader? quality = null,
        IMetricCatalog? metrics = null,
        SkillNarrator? narrator = null,
        ReportingClock? clock = null)
    {
        _metrics = metrics;
        _metricPlanner = metrics is null ? null : new MetricPlanner(metrics, dictionary);
        _intent = metrics is null ? null : new SkillIntent(catalog, metrics);
        _narrator = narrator;
        _dictionary = dictionary;
        _catalog = catalog;
        _router = router;
        _facts = facts;
        _options = options.Value;
        _clock = clock ?? new ReportingClock(time ?? TimeProvider.System, store.Value.ReportingTimeZone);
        _access = access;
        _planner = planner;
        _summary = summary;
        _logger = logger ?? NullLogger<JourneyAnalyst>.Instance;
        _profiles = new DataProfileReader(executor, _clock.Time, _logger);

        // The jobs the analyst delegates, sharing its logger so their messages keep the analyst's category.
        var suggestions = new SkillSuggestions(catalog, dictionary);
        var chartsOnAnswers = new AnswerCharts(charts, _options.RenderCharts, ContentRoot.Combine(contentRoot, _options.ChartDirectory), _logger);
        _knownWords = new KnownWords(router);
        _followUps = new FollowUpPlanner(catalog, router, facts, conversations, _metricPlanner, dictionary, _knownWords);
        _runner = new PlanRunner(executor, access, conversations, composer, _clock.ZoneId, quality, dictionary, narrator, metrics,
            chartsOnAnswers, suggestions, new NamedRowFinder(dictionary), _logger);
        _generated = new GeneratedSqlRunner(executor, access);
        _channels = new ChannelAbsence(dictionary);
        _unanswered = new UnansweredQuestions(suggestions);
        _metricRunner = metrics is null ? null : new MetricRunner(_runner, _channels, metrics, dictionary, executor, access, _logger);
        _modelMetric = metrics is null ? null : new ModelMetricCall(metrics);
    }

    /// <summary>Today in the reporting zone: what relative dates mean when the question carries no as-of date.</summary>
    public DateOnly Today => _clock.Today;

    public async Task<Answer> AskAsync(Question question, CancellationToken cancellationToken = default)
    {
        var text = (question.Text ?? "").Trim();
        var language = Languages.Detect(text);
        var today = question.AsOf ?? Today;

        if (text.Length == 0)
        {
            return _unanswered.NotUnderstood(question, language, _router.Current.Route(""));
        }

        var screen = QuestionScreen.Check(text);
        if (screen != DeclineReason.None)
        {
            _logger.LogInformation("Declined ({Reason}) a question from {User}", screen, question.User);
            return _unanswered.Declined(question, language, screen);
        }

        // Relative periods count from the data's end when the data stops before today (Analyst:StaleDataPolicy).
        var userScope = _access?.ScopeFor(question.User) ?? DataScope.All;
        var profile = await _profiles.ReadAsync(new ExecutionContext(question.User, question.Channel, text, userScope, today), cancellationToken);
        var anchor = PeriodAnchor.For(today, question.AsOf is not null, _options.StaleDataPolicy, profile);
        var asOf = anchor.AsOf;
        var facts = anchor.Extract(_facts, text);
        var named = _dictionary is null ? new NamedValues([], null) : NamedValueFinder.Find(text, facts, profile, _dictionary, _knownWords.Knows);
        // A region or campaign of the store ("华南", "百度品牌词") fills a filter, like a dictionary name: it says nothing about which analysis.
        var routeText = named.Values.Aggregate(facts.Normalized, (t, v) => t.Replace(TextTokens.Normalize(v.Label), " ", StringComparison.Ordinal).Replace(TextTokens.Normalize(v.Value), " ", StringComparison.Ordinal));
        var route = _router.Route(routeText, facts);
        if (QuestionScreen.AsksForMissingData(text))
        {
            return _unanswered.NotUnderstood(question, language, route);
        }

        if (_summary is not null && facts.Normalized is var n && SynonymTable.ConceptsIn(n).Contains("§summary"))
        {
            // A stale store's summary is of the last complete week in the data, not of an empty calendar week.
            var summaryAsOf = anchor.IsStale ? profile.Last!.Value.AddDays(1) : today;
            return await _summary.SummarizeAsync(question with { Text = text }, language, facts.Period, summaryAsOf, cancellationToken);
        }

        var plan = _followUps.Skill(question, facts, route);
        if (plan is null && _planner is not null)
        {
            var modelPlan = await ModelPlanAsync(text, asOf, cancellationToken);
            if (modelPlan?.Sql is { } sql && _options.AllowGeneratedSql)
            {
                return await _generated.RunAsync(question, text, language, asOf, sql, cancellationToken);
            }

            if (modelPlan?.Metric is { } call && _metrics is not null && _narrator is not null && _dictionary is not null)
            {
                return await _metricRunner!.RunAsync(question, text, language, anchor, facts, _modelMetric!.Plan(call, anchor), route, "llm", cancellationToken);
            }

            plan = modelPlan?.Skill is { } modelSkill ? new RoutePlan(modelSkill, modelPlan.Arguments, "llm") : null;
        }

        if (plan is null && _metricPlanner is not null && _dictionary is not null && _narrator is not null)
        {
            var (candidate, routedBy) = _followUps.Metric(question, facts, anchor, profile, route) is { } followUp
                ? (followUp, "follow-up")
                : (_metricPlanner.Plan(facts, named, anchor), "offline");
            var intent = candidate is null ? null : _intent!.Find(facts.Normalized, candidate.Alias);
            var best = route.Best is { } top ? _catalog.Find(top.SkillId) : null;
            if (candidate is not null && MetricRouting.Wins(candidate, route, intent, best, routedBy == "follow-up",
                    candidate.OtherMetric is { } otherId ? _metrics!.Find(otherId) : null))
            {
                if (named.UnknownChannel is { } missing && profile.Channels.Count > 0)
                {
                    return _channels.NoSuchChannel(question, language, missing, profile);
                }

                return await _metricRunner!.RunAsync(question, text, language, anchor, facts, candidate, route, routedBy, cancellationToken);
            }
        }

        if (plan is null && route.IsConfident)
        {
            var skill = _catalog.Find(route.Best!.SkillId);
            if (skill is not null)
            {
                plan = new RoutePlan(skill, QuestionBinder.Bind(skill, facts), "offline");
            }
        }

        if (named.UnknownChannel is { } unknown && profile.Channels.Count > 0 && (plan is not null || route.Ranked.Count > 0))
        {
            // "Facebook 的转化率" on a store without Facebook: say so, never answer for all channels instead.
            return _channels.NoSuchChannel(question, language, unknown, profile);
        }

        if (plan is null)
        {
            return _unanswered.NotUnderstood(question, language, route);
        }

        var filters = FilterPlan.For(plan.Skill, plan.Arguments, facts, named, _dictionary);
        var answer = await _runner.RunAsync(question, text, language, anchor, facts, plan, route, filters, cancellationToken);
        // "TikTok 的转化率" on a store with no 抖音 rows: the name is ours and the skill ran (its SQL stays there to
        // audit), but the store has no such channel. Said with the channels it has, never narrated as an empty or
        // zero result ("no channel reached the threshold").
        return _channels.Absent(answer, question, language, plan, filters, facts, profile) ?? answer;
    }

    private async Task<ModelPlan?> ModelPlanAsync(string text, DateOnly asOf, CancellationToken cancellationToken)
    {
        try
        {
            return await _planner!.PlanAsync(text, asOf, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Model routing failed; the offline router answers instead");
        }

        return null;
    }
}
