using JourneyAssistant.Store.Vocabulary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Composition;
using JourneyAssistant.Analyst.Conversation;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Metrics;
using JourneyAssistant.Metrics;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Charts;
using JourneyAssistant.Skills;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ExecutionContext = JourneyAssistant.Skills.ExecutionContext;

namespace JourneyAssistant.Analyst;

/// <summary>
/// The analyst: screens the question, resolves follow-ups, routes (model first when configured, else or on failure
/// the offline router), binds parameters, runs the vetted skill through the guarded executor, and composes the answer.
/// </summary>
public sealed class JourneyAnalyst : IAnalyst
{
    private readonly ISkillCatalog _catalog;
    private readonly ISkillExecutor _executor;
    private readonly SkillRouter _router;
    private readonly FactExtractor _facts;
    private readonly AnswerComposer _composer;
    private readonly ConversationStore _conversations;
    private readonly IAccessPolicy? _access;
    private readonly IJourneyCharts? _charts;
    private readonly IModelPlanner? _planner;
    private readonly ISummaryResponder? _summary;
    private readonly AnalystOptions _options;
    private readonly string _zone;
    private readonly string _chartDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DataProfileReader _profiles;
    private readonly IJourneyDictionary? _dictionary;

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
        SkillNarrator? narrator = null)
    {
        _metrics = metrics;
        _metricPlanner = metrics is null ? null : new MetricPlanner(metrics, dictionary);
        _intent = metrics is null ? null : new SkillIntent(catalog, metrics);
        _narrator = narrator;
        _dictionary = dictionary;
        _quality = quality;
        _catalog = catalog;
        _executor = executor;
        _router = router;
        _facts = facts;
        _composer = composer;
        _conversations = conversations;
        _options = options.Value;
        _zone = store.Value.ReportingTimeZone;
        _chartDirectory = ContentRoot.Combine(contentRoot, _options.ChartDirectory);
        _time = time ?? TimeProvider.System;
        _access = access;
        _charts = charts;
        _planner = planner;
        _summary = summary;
        _logger = logger ?? NullLogger<JourneyAnalyst>.Instance;
        _profiles = new DataProfileReader(executor, _time, _logger);
    }

    // The metric layer (issue 15): optional, so a host without metric files routes every question to the skills.
    private readonly IMetricCatalog? _metrics;
    private readonly MetricPlanner? _metricPlanner;
    private readonly SkillIntent? _intent;
    private readonly SkillNarrator? _narrator;

    // Unmapped names and quarantined rows in the asker's scope, said with every answer (issue 14); optional so tests may leave it out.
    private readonly DataQualityReader? _quality;

    /// <summary>Today in the reporting zone: what relative dates mean when the question carries no as-of date.</summary>
    public DateOnly Today
    {
        get
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(_zone);
            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), zone).DateTime);
        }
    }

    public async Task<Answer> AskAsync(Question question, CancellationToken cancellationToken = default)
    {
        var text = (question.Text ?? "").Trim();
        var language = Languages.Detect(text);
        var today = question.AsOf ?? Today;

        if (text.Length == 0)
        {
            return NotUnderstood(question, language, _router.Current.Route(""));
        }

        var screen = QuestionScreen.Check(text);
        if (screen != DeclineReason.None)
        {
            _logger.LogInformation("Declined ({Reason}) a question from {User}", screen, question.User);
            return Declined(question, language, screen);
        }

        // Relative periods count from the data's end when the data stops before today (Analyst:StaleDataPolicy).
        var userScope = _access?.ScopeFor(question.User) ?? DataScope.All;
        var profile = await _profiles.ReadAsync(new ExecutionContext(question.User, question.Channel, text, userScope, today), cancellationToken);
        var anchor = PeriodAnchor.For(today, question.AsOf is not null, _options.StaleDataPolicy, profile);
        var asOf = anchor.AsOf;
        var facts = anchor.Extract(_facts, text);
        var named = _dictionary is null ? new NamedValues([], null) : NamedValueFinder.Find(text, facts, profile, _dictionary, KnownWord);
        // A region or campaign of the store ("华南", "百度品牌词") fills a filter, like a dictionary name: it says nothing about which analysis.
        var routeText = named.Values.Aggregate(facts.Normalized, (t, v) => t.Replace(TextTokens.Normalize(v.Label), " ", StringComparison.Ordinal).Replace(TextTokens.Normalize(v.Value), " ", StringComparison.Ordinal));
        var route = _router.Route(routeText, facts);
        if (QuestionScreen.AsksForMissingData(text))
        {
            return NotUnderstood(question, language, route);
        }

        if (_summary is not null && facts.Normalized is var n && SynonymTable.ConceptsIn(n).Contains("§summary"))
        {
            // A stale store's summary is of the last complete week in the data, not of an empty calendar week.
            var summaryAsOf = anchor.IsStale ? profile.Last!.Value.AddDays(1) : today;
            return await _summary.SummarizeAsync(question with { Text = text }, language, facts.Period, summaryAsOf, cancellationToken);
        }

        var plan = FollowUp(question, facts, route);
        if (plan is null && _planner is not null)
        {
            var modelPlan = await ModelPlanAsync(text, asOf, cancellationToken);
            if (modelPlan?.Sql is { } sql && _options.AllowGeneratedSql)
            {
                return await RunGeneratedAsync(question, text, language, asOf, sql, cancellationToken);
            }

            if (modelPlan?.Metric is { } call && _metrics is not null && _narrator is not null && _dictionary is not null)
            {
                return await RunMetricAsync(question, text, language, anchor, facts, ModelMetric(call, anchor), route, "llm", cancellationToken);
            }

            plan = modelPlan?.Skill is { } modelSkill ? new RoutePlan(modelSkill, modelPlan.Arguments, "llm") : null;
        }

        if (plan is null && _metricPlanner is not null && _dictionary is not null && _narrator is not null)
        {
            var (candidate, routedBy) = MetricFollowUp(question, facts, anchor, profile, route) is { } followUp
                ? (followUp, "follow-up")
                : (_metricPlanner.Plan(facts, named, anchor), "offline");
            var intent = candidate is null ? null : _intent!.Find(facts.Normalized, candidate.Alias);
            var best = route.Best is { } top ? _catalog.Find(top.SkillId) : null;
            if (candidate is not null && MetricRouting.Wins(candidate, route, intent, best, routedBy == "follow-up",
                    candidate.OtherMetric is { } otherId ? _metrics!.Find(otherId) : null))
            {
                if (named.UnknownChannel is { } missing && profile.Channels.Count > 0)
                {
                    return NoSuchChannel(question, language, missing, profile);
                }

                return await RunMetricAsync(question, text, language, anchor, facts, candidate, route, routedBy, cancellationToken);
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
            return NoSuchChannel(question, language, unknown, profile);
        }

        if (plan is null)
        {
            return NotUnderstood(question, language, route);
        }

        var filters = FilterPlan.For(plan.Skill, plan.Arguments, facts, named, _dictionary);
        var answer = await RunAsync(question, text, language, anchor, facts, plan, route, filters, cancellationToken);
        if (answer.Kind == AnswerKind.Answered && AbsentChannel(plan, filters, profile) is { } absent)
        {
            // "TikTok 的转化率" on a store with no 抖音 rows: the name is ours and the skill ran (its SQL stays there to
            // audit), but the store has no such channel. Said with the channels it has, never narrated as an empty or
            // zero result ("no channel reached the threshold").
            return answer with
            {
                Text = AbsentChannelText(language, absent, Surface(question.Text ?? "", facts, absent), profile),
                Recommendations = [ChannelNameCheck(language, absent)],
            };
        }

        return answer;
    }

    // The row of a step-pair answer the question names ("从加购到下单要多久": the add_to_cart → checkout_start row):
    // the row whose event columns hold the most events the question names, itself or by their touchpoint ("the payment
    // page" names the events at it), when there is more than one row to choose from.
    private object?[]? NamedRow(SkillDefinition skill, SkillResult result, QuestionFacts facts, DataProfile data)
    {
        // Where an event happens: in this data (a company's own pay_page_view is at its 支付页) and by our dictionary.
        bool At(string id, string touchpoint) => data.TouchpointOf(id) == touchpoint || _dictionary?.Resolve(DictionaryKind.Event, id)?.Touchpoint == touchpoint;
        var touchpoints = facts.Ids(DictionaryKind.Touchpoint);
        var named = facts.Ids(DictionaryKind.Event).ToHashSet(StringComparer.Ordinal);
        var columns = skill.Columns.Where(c => c.Dictionary == DictionaryKind.Event && c.Role == ColumnRole.Dimension)
            .Select(c => result.IndexOf(c.Name)).Where(i => i >= 0).ToList();
        if (skill.AnswerSingle is null || named.Count + touchpoints.Count == 0 || columns.Count == 0 || result.Rows.Count < 2)
        {
            return null;
        }

        // Among rows that match as much, "从加购到…" prefers the row that starts where the question starts.
        var first = facts.Entities.Where(e => e.Kind is DictionaryKind.Event or DictionaryKind.Touchpoint).OrderBy(e => e.Index).FirstOrDefault();
        bool StartsAtFirst(object?[] row) => first is not null && row[columns[0]] is string id && (id == first.Id || At(id, first.Id));
        bool Named(string id) => named.Contains(id) || touchpoints.Any(t => At(id, t));
        var scored = result.Rows.Select(row => (row, score: columns.Count(i => row[i] is string id && Named(id)))).ToList();
        var best = scored.Max(x => x.score);
        return best == 0 ? null : scored.Where(x => x.score == best).OrderBy(x => StartsAtFirst(x.row) ? 0 : 1).First().row;
    }

    private Recommendation ChannelNameCheck(Language language, string id)
    {
        var label = _dictionary?.Label(DictionaryKind.Channel, id, language) ?? id;
        return language == Language.Zh
            ? new($"用 `journey dictionary list` 查看这份数据里的渠道名；如果{label}在数据里叫别的名字，用 `journey dictionary suggest` / `apply` 把它映射过来，再重新提问。", "渠道名映射", "数据负责人")
            : new($"List this data's channel names with `journey dictionary list`; if {label} goes by another name here, map it with `journey dictionary suggest` / `apply`, then ask again.", "Channel name mapping", "Data owner");
    }

    private string AbsentChannelText(Language language, string id, string? surface, DataProfile profile)
    {
        var zh = language == Language.Zh;
        var label = _dictionary?.Label(DictionaryKind.Channel, id, language) ?? id;
        var asked = surface is not null && !string.Equals(TextTokens.Normalize(surface), TextTokens.Normalize(label), StringComparison.Ordinal) ? surface : null;
        var list = string.Join(zh ? "、" : ", ", profile.Channels.Select(c => _dictionary?.Label(DictionaryKind.Channel, c, language) ?? c));
        return zh
            ? $"这份数据里没有{label}渠道的记录{(asked is null ? "" : $"（问题里的“{asked}”）")}，所以没有它的数字——现有的渠道是：{list}。"
            : $"This data has no rows for the {label} channel{(asked is null ? "" : $" (\"{asked}\" in the question)")}, so there is no figure for it — channels here are {list}.";
    }

    // A channel the plan filters by (a kept row, a narrowed view, or the skill's own channel parameter) that the store has no rows for.
    private static string? AbsentChannel(RoutePlan plan, FilterPlan filters, DataProfile profile)
    {
        if (profile.Channels.Count == 0)
        {
            return null;
        }

        var channelParameter = plan.Skill.ChannelParameter;
        var named = filters.Applied.Where(v => v.Dimension == FilterDimensions.Channel).Select(v => v.Value)
            .Concat(channelParameter is not null && plan.Arguments.TryGetValue(channelParameter.Name, out var bound) ? [bound] : []);
        return named.FirstOrDefault(id => !profile.Channels.Contains(id, StringComparer.Ordinal));
    }

    // The words the question used for a dictionary id ("TikTok" for douyin), in its own letter case.
    private static string? Surface(string question, QuestionFacts facts, string id)
    {
        if (facts.Entities.FirstOrDefault(e => e.Kind == DictionaryKind.Channel && e.Id == id) is not { } mention)
        {
            return null;
        }

        var normalized = facts.Normalized.Substring(mention.Index, mention.Length);
        var at = question.IndexOf(normalized, StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? question.Substring(at, normalized.Length) : normalized;
    }

    // A metric question: compiled from the metric's declared pieces and run through the same executor, guard, scope and audit as a skill.
    private async Task<Answer> RunMetricAsync(Question question, string text, Language language, PeriodAnchor anchor, QuestionFacts facts, MetricCandidate candidate,
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
            return NoSuchChannel(question, language, _dictionary!.Label(DictionaryKind.Channel, absent.Value, language), anchor.Data);
        }

        CompiledMetric compiled;
        try
        {
            compiled = new MetricCompiler(_metrics!.Dimensions, _dictionary).Compile(candidate.Plan);
        }
        catch (MetricPlanException e)
        {
            return new Answer { Question = question.Text, Language = language.Code(), Kind = AnswerKind.NotUnderstood, Text = e.Text[language], RoutedBy = "none" };
        }

        var applied = candidate.Plan.FilterList
            .Select(f => new NamedValue(f.Dimension, f.Value, f.Dimension is DictionaryKind.Channel or DictionaryKind.Touchpoint or DictionaryKind.Stage or DictionaryKind.Event
                ? _dictionary!.Label(f.Dimension, f.Value, Language.Zh)
                : f.Value))
            .ToList();
        var filters = new FilterPlan([], null, applied, []);
        var plan = new RoutePlan(compiled.Query, compiled.Arguments, routedBy);
        var other = candidate.OtherMetric is { } otherId && _metrics!.Find(otherId) is { } second ? second : null;
        // A follow-up is remembered with the words it was planned from, so the next edit ("换成上个月") still knows the metric.
        var answer = await RunAsync(question, candidate.PlannedText ?? text, language, anchor, facts, plan, route, filters, cancellationToken, compiled, candidate);
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
            var scope = _access?.ScopeFor(question.User) ?? DataScope.All;
            return await ConversionGap.NoteAsync(_executor, plan, new ExecutionContext(question.User, question.Channel, text, scope, plan.Period.End), language, cancellationToken);
        }
        catch (SkillExecutionException e)
        {
            // The note is a nicety beside the number: the answer stands without it.
            _logger.LogInformation(e, "conversion gap note unavailable");
            return null;
        }
    }

    // A model's query_metric call, already checked against the catalog, as the same plan the offline planner makes.
    private MetricCandidate ModelMetric(Kernel.MetricCall call, PeriodAnchor anchor)
    {
        var metric = _metrics!.Find(call.Metric)!;
        var period = DateRange.TryResolve(anchor.DefaultPeriod(call.Period) ?? call.Period, anchor.AsOf)!;
        var by = call.By is null ? null : _metrics.Dimensions[call.By];
        var shape = call.Compare && by is null ? MetricShape.Compare : by is null ? MetricShape.Total : by.IsTime ? MetricShape.Trend : MetricShape.Breakdown;
        if (shape == MetricShape.Compare && period.IsAll)
        {
            period = DateRange.TryResolve(anchor.DefaultPeriod("last_week") ?? "last_week", anchor.AsOf)!;
        }

        var plan = new MetricPlan(metric, shape, period, shape == MetricShape.Compare ? MetricPlanner.Before(period) : null, by, call.Filters,
            call.Ascending, call.Limit, Ranking: by is not null, PeriodStated: !period.IsAll);
        return new MetricCandidate(plan, metric.Id, period.Start == period.End, period.IsAll, call.Compare, false);
    }

    // "按渠道拆分" / "换成上个月" after a metric answer: the previous question with the new words in front, planned again.
    private MetricCandidate? MetricFollowUp(Question question, QuestionFacts facts, PeriodAnchor anchor, DataProfile profile, RouteResult route)
    {
        var last = _conversations.Last(question.ConversationId);
        if (last is null || !last.SkillId.StartsWith("metric:", StringComparison.Ordinal) || !FollowUps.LooksLikeFollowUp(question.Text ?? "", facts)
            || _metricPlanner!.Plan(facts, new NamedValues([], null), anchor) is not null)
        {
            return null;
        }

        // "what should we do about the after-sales hotline?" is a new question, not an edit of the last number.
        if (route.IsConfident && !FollowUps.HasMarker(facts) && facts.Breakdown is null)
        {
            return null;
        }

        var combined = $"{question.Text}；{last.Question}";
        var combinedFacts = anchor.Extract(_facts, combined);
        var named = NamedValueFinder.Find(combined, combinedFacts, profile, _dictionary!, KnownWord);
        return _metricPlanner.Plan(combinedFacts, named, anchor) is { } planned ? planned with { PlannedText = combined } : null;
    }

    private async Task<Answer> RunAsync(Question question, string text, Language language, PeriodAnchor anchor, QuestionFacts facts, RoutePlan plan, RouteResult route, FilterPlan filters, CancellationToken cancellationToken,
        CompiledMetric? metric = null, MetricCandidate? candidate = null)
    {
        var asOf = anchor.AsOf;
        var scope = _access?.ScopeFor(question.User) ?? DataScope.All;
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

            result = await _executor.RunAsync(plan.Skill, arguments, context, cancellationToken);
        }
        catch (SkillExecutionException e)
        {
            _logger.LogWarning(e, "Skill {Skill} did not run ({Outcome}), reference {Reference}", plan.Skill.Id, e.Outcome, e.AuditId);
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Kind = AnswerKind.Failed,
                Skill = plan.Skill.Id,
                SkillVersion = plan.Skill.Version,
                Parameters = plan.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value),
                Text = language == Language.Zh
                    ? $"抱歉，这个问题没能算出来：{e.Text[language]}（参考编号 {e.AuditId}）"
                    : $"Sorry, I couldn't compute that: {e.Text[language]} (reference {e.AuditId})",
                Reference = e.AuditId,
                RoutedBy = plan.RoutedBy,
                FollowUps = Suggestions(language, route, plan.Skill.Id, 3),
            };
        }

        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Infrastructure trouble (store or audit file locked, disk full …): apologise, never crash the caller.
            _logger.LogError(e, "Skill {Skill} failed unexpectedly", plan.Skill.Id);
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Kind = AnswerKind.Failed,
                Skill = plan.Skill.Id,
                SkillVersion = plan.Skill.Version,
                Parameters = plan.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value),
                Text = language == Language.Zh ? "抱歉，查询暂时失败了，请稍后再试（详情已写入日志）。" : "Sorry, the query failed for now; please try again shortly (details are in the log).",
                RoutedBy = plan.RoutedBy,
            };
        }

        _conversations.Remember(question.ConversationId, plan.Skill.Id, plan.Arguments, text);
        // "The period includes today" is about the calendar: a stale store's period ends with its data, not today.
        result = filters.Keep(result);
        var answer = _composer.Compose(question.Text, language, plan.Skill, result, anchor.Today, _zone, scope, plan.RoutedBy,
            (_quality is null ? null : await _quality.CaveatAsync(context, language, result.Parameters.Values.OfType<DateRange>().FirstOrDefault(), cancellationToken)), MetricPlanner.AsksLowest(facts.Normalized), anchor.Data.Last,
            facts.IsComparison ? facts.Entities.Select(e => (e.Kind, e.Id)).ToList() : null, NamedRow(plan.Skill, result, facts, anchor.Data));
        var lead = string.Concat(anchor.Note(language, facts.Period, result.Parameters.Values.OfType<DateRange>().FirstOrDefault()), filters.Note(language, _dictionary));
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
                FollowUps = FollowUpSuggestions(language, plan, route, anchor),
            };
        }

        if (metric is not null)
        {
            var span = anchor.Data is { First: { } first, Last: { } last } ? (first, last) : ((DateOnly, DateOnly)?)null;
            var narrative = new MetricNarrator(_narrator!, _dictionary!, _metrics!.Dimensions).Narrate(metric, result, language, span);
            return answer with
            {
                Text = Lead(leadNote, narrative.Headline),
                Parameters = MetricParameters(answer.Parameters, metric.Plan),
                Recommendations = narrative.Recommendations.Select(r => new Recommendation(r.Action, r.Metric, r.Owner)).ToList(),
                Rows = narrative.HasEvidence ? answer.Rows : [],
                Chart = narrative.HasEvidence ? RenderChart(result, language) : null,
                FollowUps = MetricFollowUps.For(metric.Plan, language, _metrics.Dimensions),
                Route = new AnswerRoute("metric", metric.Plan.Metric.Id, metric.Plan.Shape.ToString().ToLowerInvariant(), candidate?.Signals, route.Best?.Score),
            };
        }

        return answer with
        {
            Text = Lead(leadNote, answer.Text),
            Chart = RenderChart(result, language),
            FollowUps = FollowUpSuggestions(language, plan, route, anchor),
            Route = new AnswerRoute("skill", plan.Skill.Id, SkillScore: route.Best?.Score),
        };
    }

    // The channel a "only …" suggestion names, when the store has it: the usual drill-downs first.
    private static readonly string[] PreferredChannels = ["mini_program", "app", "douyin", "website", "search", "official_account", "store"];

    // The plan as parameters an auditor reads: the metric, and each filter under its dimension's name ("stage": "consideration").
    private static Dictionary<string, object?> MetricParameters(IReadOnlyDictionary<string, object?> bound, MetricPlan plan)
    {
        var parameters = new Dictionary<string, object?>(bound) { ["metric"] = plan.Metric.Id };
        foreach (var group in plan.FilterList.GroupBy(f => f.Dimension, StringComparer.Ordinal))
        {
            parameters.TryAdd(group.Key, string.Join(",", group.Select(f => f.Value)));
        }

        if (plan.By is { } by)
        {
            parameters.TryAdd("by", by.Id);
        }

        return parameters;
    }

    private static string Lead(string? note, string text) => note is null ? text : $"{note}{text}";

    // A word the skills, the synonyms or the enum values know is not a channel name ("NPS", "GMV", "app").
    private bool KnownWord(string word) =>
        TextTokens.Terms(word).Count == 0 || _router.Current.Knows(word)
        || QuestionBinder.ValueSynonyms.Values.Any(forms => forms.Contains(TextTokens.Normalize(word), StringComparer.Ordinal));

    private Answer NoSuchChannel(Question question, Language language, string name, DataProfile profile)
    {
        var zh = language == Language.Zh;
        var labels = profile.Channels.Select(id => _dictionary?.Label(DictionaryKind.Channel, id, language) ?? id).ToList();
        var list = string.Join(zh ? "、" : ", ", labels);
        var example = labels[0];
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.NotUnderstood,
            Text = zh ? $"这里没有叫“{name}”的渠道——现有的渠道是：{list}。" : $"There is no channel called \"{name}\" — channels here are {list}.",
            Explanation = zh
                ? "渠道名按数据里实际出现的渠道值（含自定义名称）匹配；没有匹配时不会改答全部渠道。"
                : "Channel names are matched against the channel values present in the data (custom names included); with no match I don't answer for all channels instead.",
            FollowUps = zh ? [$"{example}的转化率怎么样？", "哪个渠道转化最好？"] : [$"How does {example} convert?", "Which channel converts best?"],
            RoutedBy = "none",
        };
    }

    private RoutePlan? FollowUp(Question question, QuestionFacts facts, RouteResult route)
    {
        var last = _conversations.Last(question.ConversationId);
        if (last is not null && last.SkillId.StartsWith("metric:", StringComparison.Ordinal) && route.IsConfident
            && FollowUps.LooksLikeFollowUp(question.Text, facts) && FollowUps.HasMarker(facts) && HasTopic(facts)
            && _catalog.Find(route.Best!.SkillId) is { } next)
        {
            // "那各触点满意度呢" after a metric answer: the skill it names, over the period the last answer used.
            var carried = QuestionBinder.Bind(next, facts).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            if (facts.Period is null && last.Arguments.TryGetValue("period", out var period) && period != "all"
                && next.Parameter("period") is { Type: ParameterType.DateRange } && !carried.ContainsKey("period"))
            {
                carried["period"] = period;
            }

            return new RoutePlan(next, carried, "follow-up");
        }

        if (last is null || _catalog.Find(last.SkillId) is not { } lastSkill || !FollowUps.LooksLikeFollowUp(question.Text, facts))
        {
            return null;
        }

        // "what should we do about the after-sales hotline?" after a revenue question names nothing the revenue skill can
        // take and is confidently another analysis: a new question, routed on its own.
        if (!FollowUps.HasMarker(facts) && facts.Breakdown is null && route.IsConfident && route.Best!.SkillId != lastSkill.Id
            && (QuestionBinder.Bind(lastSkill, facts).Count == 0 || facts.Entities.Any(e => e.Kind != DictionaryKind.Channel && !lastSkill.Parameters.Any(p => p.ValuesFrom == e.Kind))))
        {
            return null;
        }

        var skill = lastSkill;
        // "换成收入" after an anomaly question names a value of the previous skill's own parameter: stay with it.
        var namesOwnValue = QuestionBinder.Bind(lastSkill, facts).Keys
            .Any(k => lastSkill.Parameter(k) is { Type: ParameterType.Enum, Values.Count: > 0 });
        if (facts.Breakdown is { } dimension && !Accepts(lastSkill, dimension))
        {
            // The previous skill cannot split that way: pick the skill closest to "previous topic + this dimension",
            // preferring one whose rows are that dimension.
            var words = FactExtractor.Dimensions.GetValueOrDefault(dimension) ?? [];
            var combined = _router.Route($"{lastSkill.Title.Zh} {lastSkill.Title.En} {lastSkill.Description.Zh} {string.Join(" ", words)}").Ranked
                .Select(c => _catalog.Find(c.SkillId)).OfType<SkillDefinition>().Where(s => s.Id != lastSkill.Id).ToList();
            skill = combined.FirstOrDefault(s => s.Columns.Count > 0 && (s.Columns[0].Dictionary == dimension || s.Columns[0].Name == dimension))
                ?? combined.FirstOrDefault(s => s.Columns.Any(c => c.Dictionary == dimension || c.Name == dimension))
                ?? combined.FirstOrDefault(s => Accepts(s, dimension))
                ?? lastSkill;
        }
        else if (!namesOwnValue && route.IsConfident && route.Best!.SkillId != lastSkill.Id && HasTopic(facts) && _catalog.Find(route.Best.SkillId) is { } other)
        {
            // "那复购率呢": a new topic keeps the previous filters.
            skill = other;
        }

        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in last.Arguments)
        {
            if (skill.Parameter(name) is not null)
            {
                arguments[name] = value;
            }
        }

        foreach (var (name, value) in QuestionBinder.Bind(skill, facts))
        {
            arguments[name] = value;
        }

        if (FollowUps.ClearsChannel(facts.Normalized))
        {
            foreach (var parameter in skill.Parameters.Where(p => p.ValuesFrom == DictionaryKind.Channel))
            {
                arguments.Remove(parameter.Name);
            }
        }

        return new RoutePlan(skill, arguments, "follow-up");
    }

    private static bool HasTopic(QuestionFacts facts) =>
        SynonymTable.ConceptsIn(facts.Normalized).Any(c => c is not ("§channel" or "§touchpoint" or "§stage" or "§best" or "§worst" or "§trend" or "§who" or "§filler"));

    private static bool Accepts(SkillDefinition skill, string dimension) =>
        skill.Parameters.Any(p => p.Type == ParameterType.Enum && p.Values is { } values && values.Contains(dimension, StringComparer.Ordinal));

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

    // Model-proposed SQL: same guard, scope, limits and audit as skills; always marked for review.
    private async Task<Answer> RunGeneratedAsync(Question question, string text, Language language, DateOnly asOf, string sql, CancellationToken cancellationToken)
    {
        var zh = language == Language.Zh;
        var scope = _access?.ScopeFor(question.User) ?? DataScope.All;
        try
        {
            var result = await _executor.RunAdhocAsync(sql, new ExecutionContext(question.User, question.Channel, text, scope, asOf), cancellationToken);
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Sql = result.Sql,
                Columns = result.Columns.Select(c => new AnswerColumn(c.Name, c.Label[language], c.Role.ToString().ToLowerInvariant(), c.Unit)).ToList(),
                Rows = result.Rows.Select(r => r.Select(AnswerComposer.Plain).ToArray()).ToList(),
                Text = zh ? $"模型生成的 SQL，请复核：查询返回 {result.Rows.Count:#,##0} 行。" : $"Generated SQL — please review: the query returned {result.Rows.Count:#,##0} rows.",
                Explanation = zh ? "没有审核过的技能能回答这个问题；这条 SELECT 由模型提出，经过同样的 SQL 守卫与权限范围执行。" : "No vetted skill answers this; the model proposed this SELECT, which ran through the same SQL guard and data scope.",
                GeneratedSql = true,
                DataScope = scope.IsRestricted ? scope.Note()[language] : null,
                Reference = result.AuditId,
                RoutedBy = "llm",
            };
        }
        catch (SkillExecutionException e)
        {
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Kind = AnswerKind.Failed,
                Text = zh ? $"模型生成的 SQL 未通过检查：{e.Text[language]}（参考编号 {e.AuditId}）" : $"The generated SQL was rejected: {e.Text[language]} (reference {e.AuditId})",
                GeneratedSql = true,
                Reference = e.AuditId,
                RoutedBy = "llm",
            };
        }
    }

    private string? RenderChart(SkillResult result, Language language)
    {
        if (_charts is null || !_options.RenderCharts || result.HasNoEvidence)
        {
            return null;
        }

        try
        {
            var image = _charts.Render(result, language);
            var key = $"{result.SkillId}|{language}|{string.Join(",", result.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}";
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
            // "metric:revenue" → "metric-revenue": a colon is not a portable file-name character.
            return image.SaveAs(Path.Combine(_chartDirectory, $"{result.SkillId.Replace(':', '-')}-{language.Code()}-{hash}.png"));
        }
        catch (Exception e)
        {
            // A chart is a nicety: the answer stands without it.
            _logger.LogWarning(e, "Chart for {Skill} could not be rendered", result.SkillId);
            return null;
        }
    }

    // Only suggestions that would return data: a channel the store has, a previous month the data covers.
    private IReadOnlyList<string> FollowUpSuggestions(Language language, RoutePlan plan, RouteResult route, PeriodAnchor anchor)
    {
        var zh = language == Language.Zh;
        var suggestions = new List<string>();
        var skill = plan.Skill;
        var channels = anchor.Data.Channels;
        if (skill.ChannelParameter is { } channel && !plan.Arguments.ContainsKey(channel.Name))
        {
            var allowed = channel.Values is { Count: > 0 } values ? channels.Where(values.Contains).ToList() : channels.ToList();
            var pick = PreferredChannels.FirstOrDefault(allowed.Contains) ?? allowed.FirstOrDefault();
            if (allowed.Count > 1 && pick is not null)
            {
                var label = _dictionary?.Label(DictionaryKind.Channel, pick, language) ?? pick;
                suggestions.Add(zh ? $"只看{label}" : $"Only {label}");
            }
        }
        else if (channels.Count > 1 && skill.Parameters.Any(p => p.Type == ParameterType.Enum && p.Values is { } v && v.Contains("channel")))
        {
            suggestions.Add(zh ? "按渠道拆分" : "Break it down by channel");
        }

        var lastMonth = new DateOnly(anchor.AsOf.Year, anchor.AsOf.Month, 1).AddMonths(-1);
        if (skill.Parameters.Any(p => p.Type == ParameterType.DateRange) && anchor.Data.Overlaps(lastMonth, lastMonth.AddMonths(1).AddDays(-1)))
        {
            suggestions.Add(zh ? "那上个月呢？" : "What about last month?");
        }

        suggestions.AddRange(Suggestions(language, route, skill.Id, 3 - Math.Min(2, suggestions.Count)));
        return suggestions.Take(3).ToList();
    }

    /// <summary>Example questions of the closest other skills, in the question's language.</summary>
    private List<string> Suggestions(Language language, RouteResult route, string? exclude, int count)
    {
        var ids = route.Ranked.Select(r => r.SkillId)
            .Concat(new[] { "funnel_by_touchpoint", "conversion_by_channel", "top_paths", "repurchase_rate", "nps_by_touchpoint" })
            .Concat(_catalog.Skills.Select(s => s.Id))
            .Where(id => id != exclude)
            .Distinct(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var id in ids)
        {
            if (result.Count >= count)
            {
                break;
            }

            if (_catalog.Find(id) is { } skill && skill.Examples[language] is { Count: > 0 } examples)
            {
                result.Add(examples[0]);
            }
        }

        return result;
    }

    private Answer NotUnderstood(Question question, Language language, RouteResult route)
    {
        var zh = language == Language.Zh;
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.NotUnderstood,
            Text = zh
                ? "抱歉，我现有的分析技能还回答不了这个问题。可以试试下面这些问法："
                : "Sorry, I can't answer that with the skills I have. Here are close questions I can answer:",
            Explanation = zh
                ? "我只运行审核过的分析技能（漏斗、渠道转化、路径、归因、留存、复购、满意度、工单、收入、异常等）；没有匹配的技能时不会临时拼 SQL。"
                : "I only run vetted analysis skills (funnels, channel conversion, paths, attribution, retention, repurchase, satisfaction, tickets, revenue, anomalies …); when none fits I don't improvise SQL.",
            FollowUps = Suggestions(language, route, null, 3),
            RoutedBy = "none",
        };
    }

    private Answer Declined(Question question, Language language, DeclineReason reason)
    {
        var zh = language == Language.Zh;
        var text = reason == DeclineReason.Unsafe
            ? (zh ? "这个请求我不能执行：我只回答客户旅程数据的问题，不执行指令、原始 SQL，也不修改或导出原始数据。"
                  : "I can't do that: I only answer questions about customer-journey data, and I don't follow embedded instructions, run raw SQL, or change or export raw data.")
            : (zh ? "这个问题不在我的范围内——我是客户旅程分析助手，可以回答漏斗流失、渠道转化、路径、归因、留存复购、满意度和工单等问题。"
                  : "That's outside what I do — I'm a customer-journey analyst: ask me about funnels and drop-off, channel conversion, paths, attribution, retention and repurchase, satisfaction or tickets.");
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.Declined,
            Text = text,
            FollowUps = Suggestions(language, new RouteResult([], 1), null, 3),
            RoutedBy = "none",
        };
    }
}

/// <summary>Answers "给我上周的周报" / "weekly summary for last week" with the weekly summary report.</summary>
public interface ISummaryResponder
{
    Task<Answer> SummarizeAsync(Question question, Language language, DateRangeMatch? period, DateOnly asOf, CancellationToken cancellationToken);
}
