using System.Text.RegularExpressions;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Filters;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>
/// Reads a metric question into a <see cref="MetricPlan"/>, deterministically and offline: the metric by its declared
/// names (longest, and on a tie the later — the head of a Chinese noun phrase), the cut and ranking, the filters the
/// question names, the period (a named one, a single day, all data for "total" or when none is said), and a comparison
/// with the period before. Vocabulary of metrics and dimensions comes from their files; only the grammar words are here.
/// </summary>
public sealed partial class MetricPlanner(IMetricCatalog catalog, IJourneyDictionary? dictionary = null)
{
    public MetricCandidate? Plan(QuestionFacts facts, NamedValues named, PeriodAnchor anchor)
    {
        var text = facts.Normalized;
        var match = FindMetric(text, facts.Entities);
        if (match is null)
        {
            return null;
        }

        var (metric, alias, at, other, spans) = match.Value;
        var span = (Start: at, Length: TextTokens.Normalize(alias).Length);
        // Words inside any metric's name ("ad" in "ad clicks", "支付成功" in "支付成功率") are that name, not a filter.
        bool Outside(EntityMention m) => spans.All(s => m.Index >= s.Start + s.Length || m.Index + m.Length <= s.Start);

        var dimensions = catalog.Dimensions;
        var asksChange = ChangePattern().IsMatch(text);
        var asksTotal = TotalPattern().IsMatch(text);
        var asksValue = ValuePattern().IsMatch(text);
        var low = LowPattern().IsMatch(text);
        var high = HighPattern().IsMatch(text);
        var ranking = low || high || facts.TopN is not null;
        var single = facts.Period is { } p && p.Start == p.End;

        // The cut: "按渠道", "by region", "哪个渠道", "each channel", "趋势" (by day unless a week or month is named).
        DimensionDefinition? by = null;
        var which = facts.Breakdown is null ? WhichDimension(text, dimensions, span, ranking) : null;
        var breakdown = facts.Breakdown ?? (asksChange ? null : which);
        var driverAsked = asksChange && which is not null;
        if (breakdown is not null)
        {
            dimensions.TryGetValue(breakdown, out by);
        }

        if (by is null && TrendPattern().IsMatch(text))
        {
            by = dimensions.GetValueOrDefault(DailyPattern().IsMatch(text) ? "day" : WeekPattern().IsMatch(text) ? "week" : MonthlyPattern().IsMatch(text) ? "month" : "day");
        }

        var refusal = by is not null && !metric.Dimensions.Contains(by.Id) ? NotAvailable(metric, by, dimensions) : null;
        var refused = refusal is null ? null : by!.Id;
        var refusedFilter = false;

        // Filters the question names, outside the metric's own words ("支付成功" in "支付成功率" is the metric, not a touchpoint).
        var filters = new List<MetricFilter>();
        // A store's own channel name outranks a shorter dictionary name inside it: "Paid Search" is not our "search".
        var customNames = named.Values.Where(v => v.Dimension == FilterDimensions.Channel).Select(v => (v.Value, v.Label))
            .Concat(anchor.Data.Channels.Where(c => c.StartsWith(CustomNames.Prefix, StringComparison.Ordinal)).Select(c => (Value: c, Label: c[CustomNames.Prefix.Length..])))
            .Select(c => (c.Value, Start: TextTokens.IndexOfTerm(text, TextTokens.Normalize(c.Label), 0), Length: TextTokens.Normalize(c.Label).Length))
            .Where(c => c.Start >= 0 && c.Length > 0).ToList();
        var customSpans = customNames.Select(c => (c.Start, c.Length)).ToList();
        var channels = facts.Entities.Where(e => e.Kind == DictionaryKind.Channel && Outside(e)
                && !customSpans.Any(c => e.Index >= c.Start && e.Index + e.Length <= c.Start + c.Length))
            .Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList();
        channels.AddRange(customNames.Select(c => c.Value).Where(v => !channels.Contains(v)).Distinct(StringComparer.Ordinal));
        if (channels.Count >= 2 && by is null)
        {
            // "小程序和 APP 的转化率": the named channels side by side.
            by = dimensions.GetValueOrDefault("channel");
        }

        filters.AddRange(channels.Select(c => new MetricFilter("channel", c)));
        filters.AddRange(named.Values.Where(v => v.Dimension is FilterDimensions.Region or FilterDimensions.Campaign).Select(v => new MetricFilter(v.Dimension, v.Value)));
        var additive = metric.Measure.IsAdditive || metric.Measure.Kind == MeasureKind.CountDistinct;
        foreach (var kind in new[] { DictionaryKind.Touchpoint, DictionaryKind.Stage, DictionaryKind.Event })
        {
            foreach (var id in facts.Entities.Where(e => e.Kind == kind && Outside(e)).Select(e => e.Id).Distinct(StringComparer.Ordinal))
            {
                if (PartOfDefinition(metric, kind, id))
                {
                    // "ad click-through rate": the ad touchpoint is where the metric's own events happen, not a filter.
                    continue;
                }

                if (!additive)
                {
                    // A share "at the cart" is a funnel question, not this metric cut by a filter: leave it to the skills.
                    return null;
                }

                filters.Add(new MetricFilter(kind, id));
            }
        }

        foreach (var filter in filters.Where(f => !metric.Dimensions.Contains(f.Dimension)))
        {
            if (refusal is null && dimensions.TryGetValue(filter.Dimension, out var d))
            {
                refusal = NotAvailable(metric, d, dimensions, filtering: true);
                refused = d.Id;
                refusedFilter = true;
            }
        }

        // The period: a named one, else all data (the headline states the span). A change compares with the one before.
        var period = facts.Period is { } asked ? new DateRange(asked.Start, asked.End, asked.Text) : DateRange.TryResolve("all", anchor.AsOf)!;
        DateRange? previous = null;
        var shape = by is null ? MetricShape.Total : by.IsTime ? MetricShape.Trend : MetricShape.Breakdown;
        if (asksChange && shape == MetricShape.Total)
        {
            if (period.IsAll)
            {
                var preset = MonthPattern().IsMatch(text) ? "last_month" : "last_week";
                var resolved = anchor.DefaultPeriod(preset) ?? DateRange.TryResolve(preset, anchor.AsOf)!.ToString();
                period = DateRange.TryResolve(resolved, anchor.AsOf)!;
            }

            previous = Before(period);
            shape = MetricShape.Compare;
        }

        var ascending = low;
        if (WorstPattern().IsMatch(text))
        {
            ascending = metric.HigherIsBetter;
        }
        else if (BestPattern().IsMatch(text))
        {
            ascending = !metric.HigherIsBetter;
        }

        if (shape == MetricShape.Compare && driverAsked && which is not null)
        {
            // "哪个地区导致的": the driver is looked for in the dimension asked about.
            by = dimensions.GetValueOrDefault(which);
        }

        var plan = new MetricPlan(metric, shape, period, previous, by, filters, ascending, facts.TopN ?? 20, ranking && shape == MetricShape.Breakdown, facts.Period is not null);
        return new MetricCandidate(refusal is null ? plan : null, alias, single, asksTotal, asksChange, asksValue, refusal, other, driverAsked, refused, refusedFilter,
            QualifierPattern().IsMatch(text.Replace(alias, " ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// True for words that are grammar to the metric layer, not an analysis of their own: a period, a change, a trend,
    /// a total or a value ("上周", "环比", "趋势", "一共", "how many"). Skill keywords that are such words don't pull a
    /// question away from a metric.
    /// </summary>
    public static bool IsGrammar(string normalized) =>
        ChangePattern().IsMatch(normalized) || TrendPattern().IsMatch(normalized) || TotalPattern().IsMatch(normalized)
        || ValuePattern().IsMatch(normalized) || HighPattern().IsMatch(normalized) || LowPattern().IsMatch(normalized)
        || DateExpressions.Find(normalized, new DateOnly(2026, 1, 15)) is not null;

    private bool PartOfDefinition(MetricDefinition metric, string kind, string id)
    {
        var conditions = new[] { metric.Measure, metric.Measure.Numerator, metric.Measure.Denominator }.OfType<Measure>().Select(m => m.Where).ToList();
        return kind switch
        {
            DictionaryKind.Event => conditions.Any(c => c.Events.Contains(id)),
            DictionaryKind.Touchpoint => conditions.Any(c => c.Touchpoints.Contains(id)
                || c.Events.Any(e => dictionary?.Entries(DictionaryKind.Event).FirstOrDefault(x => x.Id == e)?.Touchpoint == id)),
            DictionaryKind.Stage => conditions.Any(c => c.Stages.Contains(id)),
            _ => false,
        };
    }

    /// <summary>True when the question asks for the lowest or worst ("最低", "最差", "lowest", "worst").</summary>
    public static bool AsksLowest(string normalized) => LowPattern().IsMatch(normalized) || WorstPattern().IsMatch(normalized);

    /// <summary>The period of the same length just before <paramref name="period"/>; a calendar month is compared with the month before.</summary>
    public static DateRange Before(DateRange period)
    {
        var start = period.Start;
        var end = period.End;
        if (start.Day == 1 && end == start.AddMonths(1).AddDays(-1))
        {
            return new DateRange(start.AddMonths(-1), start.AddDays(-1), "previous_month");
        }

        var days = end.DayNumber - start.DayNumber + 1;
        return new DateRange(start.AddDays(-days), start.AddDays(-1), "previous_period");
    }

    private (MetricDefinition Metric, string Alias, int At, string? Other, IReadOnlyList<(int Start, int Length)> Spans)? FindMetric(string text, IReadOnlyList<EntityMention> entities)
    {
        var found = new List<(MetricDefinition Metric, string Alias, int At)>();
        foreach (var metric in catalog.Metrics)
        {
            foreach (var alias in metric.Aliases.Zh.Concat(metric.Aliases.En).Append(metric.Name.Zh).Append(metric.Name.En))
            {
                var form = TextTokens.Normalize(alias);
                var at = form.Length == 0 ? -1 : TextTokens.IndexOfTerm(text, form, 0);
                if (at >= 0)
                {
                    found.Add((metric, form, at));
                }
                else if (CountStem(form) is { } stem && CountedPattern().Match(text) is { Success: true } counted
                    && counted.Groups["noun"].Value.StartsWith(stem, StringComparison.Ordinal))
                {
                    // "多少次咨询", "几份问卷回复", "多少条事件": a counted noun names the count metric "咨询量" / "问卷回复数" / "事件数".
                    found.Add((metric, stem, counted.Groups["noun"].Index));
                }
            }
        }

        // "sales" inside the touchpoint "after-sales" is the touchpoint's name, not the revenue metric.
        found.RemoveAll(f => entities.Any(e => e.Length > f.Alias.Length && e.Index <= f.At && f.At + f.Alias.Length <= e.Index + e.Length));
        if (found.Count == 0)
        {
            return null;
        }

        var best = found.OrderByDescending(f => f.Alias.Length).ThenByDescending(f => f.At).First();
        // Another metric named in words that don't overlap the chosen one's: "buyers, not just clicks", "GMV and AOV".
        var other = found.Where(f => f.Metric.Id != best.Metric.Id && (f.At >= best.At + best.Alias.Length || f.At + f.Alias.Length <= best.At))
            .Where(f => !found.Any(g => g.Metric.Id == best.Metric.Id && g.At <= f.At && f.At + f.Alias.Length <= g.At + g.Alias.Length))
            .Select(f => f.Metric.Id).FirstOrDefault();
        return (best.Metric, best.Alias, best.At, other, found.Select(f => (f.At, f.Alias.Length)).ToList());
    }

    // The noun of a Chinese count alias: "咨询量" → "咨询", "问卷回复数" → "问卷回复"; null for other aliases.
    private static string? CountStem(string alias)
    {
        foreach (var suffix in new[] { "次数", "数量", "数", "量" })
        {
            if (alias.Length > suffix.Length + 1 && alias.EndsWith(suffix, StringComparison.Ordinal) && TextTokens.IsCjk(alias[0]))
            {
                return alias[..^suffix.Length];
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?:多少|几)(?:次|份|条|笔|单|个|位|张)(?<noun>\p{IsCJKUnifiedIdeographs}+)")]
    private static partial Regex CountedPattern();

    // "哪个渠道", "各地区", "which region", "each channel", "top 3 campaigns": a dimension named as the thing to compare.
    private static string? WhichDimension(string text, IReadOnlyDictionary<string, DimensionDefinition> dimensions, (int Start, int Length) metricSpan, bool ranking)
    {
        foreach (var dimension in dimensions.Values.Where(d => !d.IsTime))
        {
            foreach (var alias in dimension.Aliases.Zh.Concat(dimension.Aliases.En).Select(TextTokens.Normalize).OrderByDescending(a => a.Length))
            {
                var at = TextTokens.IndexOfTerm(text, alias, 0);
                if (at < 0 || (at < metricSpan.Start + metricSpan.Length && metricSpan.Start < at + alias.Length))
                {
                    continue;
                }

                // "哪个渠道…", or a dimension beside a ranking word anywhere: "投放渠道里谁的转化率最低", "满意度最差的环节".
                var before = text[..at].TrimEnd();
                if (WhichPattern().IsMatch(before) || ranking)
                {
                    return dimension.Id;
                }
            }
        }

        return null;
    }

    private static LocalizedText NotAvailable(MetricDefinition metric, DimensionDefinition by, IReadOnlyDictionary<string, DimensionDefinition> dimensions, bool filtering = false)
    {
        var zhList = string.Join("、", metric.Dimensions.Select(d => dimensions.GetValueOrDefault(d)?.Name.Zh ?? d));
        var enList = string.Join(", ", metric.Dimensions.Select(d => dimensions.GetValueOrDefault(d)?.Name.En ?? d));
        return filtering
            ? new LocalizedText($"{metric.Name.Zh}不能按{by.Name.Zh}筛选——可用的维度：{zhList}。", $"{metric.Name.En} can't be filtered by {by.Name.En} — available: {enList}.")
            : new LocalizedText($"{metric.Name.Zh}不能按{by.Name.Zh}拆分——可用的维度：{zhList}。", $"{metric.Name.En} is not available by {by.Name.En} — available: {enList}.");
    }

    [GeneratedRegex(@"(?:哪个|哪些|哪一个|哪家|哪类|哪里|各个?|每个|每一个|不同|which|what|each|every|top\s*\d*|bottom\s*\d*|best|worst)\s*$")]
    private static partial Regex WhichPattern();

    [GeneratedRegex(@"(?:和|跟|与|同)(?:前一|上一|上个?|去年)|比怎么样|比如何|比较上|\bcompare\b|比前一|比上一|比上周|比上个?月|比去年|环比|同比|变化|相比|较上|涨了|跌了|上升了|下降了|增长了|减少了|降了|为什么(?:会)?(?:下降|下跌|降|涨|上升|减少|增加)|为何|\bwow\b|\bmom\b|\byoy\b|week[- ]over[- ]week|month[- ]over[- ]month|year[- ]over[- ]year|compared (?:to|with)|\bvs\.? (?:last|previous|the previous|prior)|versus (?:last|previous)|\bchanged?\b|\bdrop(?:ped)?\b|\bfell\b|\bfall\b|\bdeclined?\b|\bincreased?\b|\brose\b|\bgrew\b|\bup or down\b|\bthan (?:the )?(?:week|month|day|year|period|quarter) before\b|\bthan (?:the )?(?:previous|prior|last|preceding)\b|\bthe (?:week|month|day|year) before\b")]
    private static partial Regex ChangePattern();

    [GeneratedRegex(@"总|一共|合计|累计|整体|全部|总体|\btotal\b|\boverall\b|all[- ]time|altogether|\bin all\b|so far|to date")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"多少|几笔|几单|几个|几次|是什么|\bhow (?:many|much)\b|\bwhat(?:'s| is| was| are| were)\b|\bcount of\b|\bnumber of\b")]
    private static partial Regex ValuePattern();

    // Negations, conditions and "counted by X" a plan has no slot for: "没转化的人", "but never pay", "哪天不正常",
    // "if we cut douyin", "按末次点击算". The number alone would answer a different question.
    [GeneratedRegex(@"没有?(?!有多少)|未|不(?!同|分|限)|非|\bnever\b|\bnot\b|n't\b|\bwithout\b|\bif\b|\bunless\b|如果|要是|假如|假设|按[^，。？?]{1,8}算")]
    private static partial Regex QualifierPattern();

    [GeneratedRegex(@"最低|最少|最小|最弱|倒数|垫底|\blowest\b|\bleast\b|\bsmallest\b|\bfewest\b|\bbottom\b")]
    private static partial Regex LowPattern();

    [GeneratedRegex(@"最高|最多|最大|最强|排名|第一|领先|\bhighest\b|\bmost\b|\blargest\b|\bbiggest\b|\btop\b|\bleading\b|\brank")]
    private static partial Regex HighPattern();

    [GeneratedRegex(@"最差|最糟|\bworst\b")]
    private static partial Regex WorstPattern();

    [GeneratedRegex(@"最好|最佳|最优|\bbest\b")]
    private static partial Regex BestPattern();

    [GeneratedRegex(@"趋势|走势|每天|每日|每周|每月|按天|按日|按周|按月|逐日|逐周|\btrend|\bdaily\b|\bweekly\b|\bmonthly\b|over time|per (?:day|week|month)|by (?:day|week|month)")]
    private static partial Regex TrendPattern();

    [GeneratedRegex(@"每天|每日|按天|按日|逐日|\bdaily\b|per day|by day")]
    private static partial Regex DailyPattern();

    [GeneratedRegex(@"每周|按周|逐周|周度|\bweekly\b|per week|by week")]
    private static partial Regex WeekPattern();

    [GeneratedRegex(@"每月|按月|月度|逐月|\bmonthly\b|per month|by month")]
    private static partial Regex MonthlyPattern();

    [GeneratedRegex(@"环比上月|上个?月|\bmonthly\b|per month|by month|month[- ]over[- ]month|\bmom\b|last month")]
    private static partial Regex MonthPattern();
}
