using System.Globalization;
using JourneyAssistant.Metrics.Compilation;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Metrics.Narration;

/// <summary>The words of a metric answer: the headline that answers the question, and the next actions from the playbook.</summary>
public sealed record MetricNarrative(string Headline, IReadOnlyList<NarratedRecommendation> Recommendations, bool HasEvidence);

/// <summary>
/// Says what a compiled metric returned, shaped by the plan: one number, a change with its driver, a ranking, a trend.
/// A value the data cannot support (no rows, a ratio with no denominator, a 0 % from missing events) is said as such,
/// never narrated as a finding.
/// </summary>
public sealed class MetricNarrator(SkillNarrator format, IJourneyDictionary dictionary, IReadOnlyDictionary<string, DimensionDefinition> dimensions)
{
    /// <summary>Two ranked shares closer than this are called too close to separate.</summary>
    private const double NoisePoints = 0.01;

    /// <summary>A relative change below this is said as "about flat", and no driver is named for it.</summary>
    private const double FlatShare = 0.005;

    public MetricNarrative Narrate(CompiledMetric compiled, SkillResult result, Language language, (DateOnly First, DateOnly Last)? data)
    {
        var plan = compiled.Plan;
        var metric = plan.Metric;
        var zh = language == Language.Zh;
        var name = metric.Name[language];
        var valueIndex = result.IndexOf("value");
        var baseIndex = result.IndexOf("base");
        var column = result.Columns[valueIndex];
        string Value(object? v) => format.Format(column, v, language);
        var period = PeriodText(plan.Period, language, data);
        var empty = compiled.Query.Empty![language];
        var rows = result.Rows;
        var values = rows.Select(r => ToDouble(r[valueIndex])).ToList();
        var bases = rows.Select(r => baseIndex < 0 ? ToDouble(r[valueIndex]) : ToDouble(r[baseIndex])).ToList();
        if (rows.Count == 0 || bases.All(b => b is null or 0) || values.All(v => v is null))
        {
            return new MetricNarrative($"{Lead(period, zh)}{empty}", [], false);
        }

        string headline;
        var change = "";
        string? driver = null;
        var direction = 0;
        switch (plan.Shape)
        {
            case MetricShape.Total:
            {
                var v = values[0]!.Value;
                if (v == 0 && metric.Measure.Kind == MeasureKind.Ratio)
                {
                    // A 0 % with people in the denominator but no numerator events is far more often a naming gap than a finding.
                    var needs = Needs(metric.Measure.Numerator!, language);
                    headline = zh
                        ? $"{period}没有{needs}，{name}算出来是 0——这更可能是数据里缺这类事件（或名称没有映射），不是真实的 0。可以用 journey dictionary suggest 检查映射。"
                        : $"{period} has no {needs}, so {name} comes out as 0 — more likely missing or unmapped events than a real zero. Check the mapping with journey dictionary suggest.";
                    return new MetricNarrative(headline, [], false);
                }

                var basis = metric.Measure.Kind == MeasureKind.Ratio && bases[0] is { } b
                    ? (zh ? $"（基数 {Count(b)}）" : $" (base {Count(b)})")
                    : metric.Measure.Kind is MeasureKind.NetPromoter or MeasureKind.Average or MeasureKind.Median && bases[0] is { } n
                        ? (zh ? $"（{Count(n)} 条）" : $" ({Count(n)} records)")
                        : "";
                headline = zh ? $"{period}，{name}为 {Value(v)}{basis}。" : $"{Capital(name)} for {period}: {Value(v)}{basis}.";
                break;
            }

            case MetricShape.Compare:
            {
                var previous = values[0];
                var current = values[1];
                var previousText = Value(previous);
                var currentText = Value(current);
                var previousPeriod = PeriodText(plan.Previous!, language, data);
                if (current is null || previous is null)
                {
                    headline = zh
                        ? $"{period}{name}为 {currentText}，前一期（{previousPeriod}）为 {previousText}，其中一期没有数据，无法比较。"
                        : $"{Capital(name)} was {currentText} in {period} and {previousText} in {previousPeriod}; one side has no data, so there is no comparison.";
                    break;
                }

                var delta = current.Value - previous.Value;
                direction = Math.Sign(delta);
                var pct = previous.Value == 0 ? null : (double?)(Math.Abs(delta) / Math.Abs(previous.Value));
                var pctText = pct is { } p ? (p * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : null;
                // Shares and scores move in points: "NPS down 77 %" from −17.6 to −31.2 says nothing a manager can use.
                var points = column.Role == ColumnRole.Percent ? (Math.Abs(delta) * 100).ToString("0.0", CultureInfo.InvariantCulture) + (zh ? " 个百分点" : " points")
                    : metric.Unit == MetricUnit.Score ? Math.Abs(delta).ToString("0.0", CultureInfo.InvariantCulture) + (zh ? " 分" : " points")
                    : null;
                var amount = points ?? pctText ?? Value(Math.Abs(delta));
                var flat = pct is { } relative ? relative < FlatShare : delta == 0;
                if (flat)
                {
                    direction = 0;
                }

                change = flat
                    ? (zh ? $"基本持平（{(delta >= 0 ? "+" : "−")}{Value(Math.Abs(delta))}）" : $"about flat ({(delta >= 0 ? "+" : "−")}{Value(Math.Abs(delta))})")
                    : zh ? $"{(direction > 0 ? "上升" : "下降")} {amount}" : $"{(direction > 0 ? "up" : "down")} {amount}";
                headline = zh
                    ? $"{period}，{name} {currentText}，比前一期（{previousPeriod}）的 {previousText} {change}"
                    : $"{Capital(name)} was {currentText} in {period}, {change} from {previousText} in {previousPeriod}";
                var dimensionIndex = result.IndexOf("driver_dimension");
                if (!flat && dimensionIndex >= 0 && rows[1][dimensionIndex] is string dimensionId && dimensions.TryGetValue(dimensionId, out var dimension)
                    && rows[1][result.IndexOf("driver_member")] is string member && ToDouble(rows[1][result.IndexOf("driver_delta")]) is { } memberDelta)
                {
                    driver = Member(dimension, member, language);
                    var share = Math.Abs(memberDelta / delta);
                    var signed = (memberDelta > 0 ? "+" : "−") + Value(Math.Abs(memberDelta));
                    var shareText = Math.Sign(memberDelta) == direction && share <= 1.0
                        ? (zh ? $"，占变化的 {share * 100:0}%" : $", {share * 100:0}% of the change")
                        : "";
                    headline += zh
                        ? $"；变化最大的{dimension.Name.Zh}是{driver}（{signed}{shareText}）"
                        : $"; the {dimension.Name.En} that moved most was {driver} ({signed}{shareText})";
                }

                headline += zh ? "。" : ".";
                if (pct is not null && bases.Min() is { } smallest && smallest < 30)
                {
                    headline += zh ? $"注意：其中一期只有 {Count(smallest)} 条记录，变化可能只是波动。" : $" Note: one period rests on only {Count(smallest)} records, so the change may be noise.";
                }

                break;
            }

            case MetricShape.Trend:
            {
                var by = plan.By!;
                var bucketIndex = result.IndexOf("bucket");
                var withValues = rows.Select((r, i) => (Bucket: format.Format(result.Columns[bucketIndex], r[bucketIndex], language), Value: values[i])).Where(x => x.Value is not null).ToList();
                var top = withValues.MaxBy(x => x.Value!.Value);
                var low = withValues.MinBy(x => x.Value!.Value);
                var last = withValues[^1];
                headline = zh
                    ? $"{period}，按{by.Name.Zh}看{name}：最高在 {top.Bucket}（{Value(top.Value)}），最低在 {low.Bucket}（{Value(low.Value)}），最近一{Unit(by, zh)} {last.Bucket} 为 {Value(last.Value)}。"
                    : $"{Capital(name)} by {by.Name.En} for {period}: highest on {top.Bucket} ({Value(top.Value)}), lowest on {low.Bucket} ({Value(low.Value)}); latest {last.Bucket}: {Value(last.Value)}.";
                driver = top.Bucket;
                break;
            }

            default:
            {
                var by = plan.By!;
                var memberIndex = result.IndexOf("member");
                var labelled = rows.Select((r, i) => (Label: r[memberIndex] is string id ? Member(by, id, language) : (zh ? "（未标注）" : "(none)"), Value: values[i], Base: bases[i]))
                    .Where(x => x.Value is not null).ToList();
                if (labelled.Count == 0)
                {
                    return new MetricNarrative($"{Lead(period, zh)}{empty}", [], false);
                }

                // A share resting on a handful of people (a service channel's 0 %, a shop's 100 % of 3) is not named highest or lowest.
                var ratio = metric.Measure.Kind == MeasureKind.Ratio;
                var solid = ratio ? labelled.Where(x => x.Base >= MetricCompiler.MinRankingBase).ToList() : labelled;
                var thin = ratio && solid.Count < labelled.Count;
                if (solid.Count == 0)
                {
                    headline = zh
                        ? $"{period}，按{by.Name.Zh}看{name}：每个{by.Name.Zh}的基数都不足 {MetricCompiler.MinRankingBase}，差异不可靠，不做高低比较。"
                        : $"{Capital(name)} by {by.Name.En} for {period}: every {by.Name.En} rests on fewer than {MetricCompiler.MinRankingBase}, too few to compare.";
                    return new MetricNarrative(headline, [], true);
                }

                labelled = solid;
                var first = labelled[0];
                var word = plan.Ascending ? (zh ? "最低" : "lowest") : (zh ? "最高" : "highest");
                var dimensionName = by.Name[language];
                if (plan.Ranking)
                {
                    headline = zh
                        ? $"{period}，{name}{word}的{dimensionName}是{first.Label}：{Value(first.Value)}（共比较 {labelled.Count} 个{dimensionName}）"
                        : $"{first.Label} has the {word} {name} of any {dimensionName} for {period}: {Value(first.Value)} ({labelled.Count} compared)";
                    if (labelled.Count > 1 && CloseCall(column, first.Value!.Value, labelled[1].Value!.Value))
                    {
                        var second = labelled[1];
                        headline += zh
                            ? $"；但第二名{second.Label}（{Value(second.Value)}）与它相差很小，这个排名可能只是波动"
                            : $"; but {second.Label} ({Value(second.Value)}) is so close that the order may be noise";
                    }

                    if (metric.Measure.Kind == MeasureKind.Ratio)
                    {
                        headline += zh ? $"。只比较了基数不少于 {MetricCompiler.MinRankingBase} 的{dimensionName}。" : $". Only {dimensionName}s with a base of at least {MetricCompiler.MinRankingBase} are ranked.";
                    }
                    else
                    {
                        headline += zh ? "。" : ".";
                    }
                }
                else
                {
                    var last = labelled[^1];
                    var thinNote = thin
                        ? (zh ? $"（基数不足 {MetricCompiler.MinRankingBase} 的{dimensionName}不参与高低比较）" : $" ({dimensionName}s with a base under {MetricCompiler.MinRankingBase} are left out of highest/lowest)")
                        : "";
                    headline = labelled.Count == 1
                        ? (zh ? $"{period}，按{dimensionName}看{name}：只有{first.Label}有数据，为 {Value(first.Value)}。" : $"{Capital(name)} by {dimensionName} for {period}: only {first.Label} has data, {Value(first.Value)}.")
                        : zh
                            ? $"{period}，按{dimensionName}看{name}：{word}的是{first.Label}（{Value(first.Value)}），{(plan.Ascending ? "最高" : "最低")}的是{last.Label}（{Value(last.Value)}），共 {labelled.Count} 个{dimensionName}{thinNote}。"
                            : $"{Capital(name)} by {dimensionName} for {period}: {word} is {first.Label} ({Value(first.Value)}), {(plan.Ascending ? "highest" : "lowest")} is {last.Label} ({Value(last.Value)}), across {labelled.Count} {dimensionName}s{thinNote}.";
                }

                driver = first.Label;
                break;
            }
        }

        return new MetricNarrative(headline, Playbook(metric, language, direction, change, driver, period), true);
    }

    private List<NarratedRecommendation> Playbook(MetricDefinition metric, Language language, int direction, string change, string? driver, string period)
    {
        var zh = language == Language.Zh;
        var lines = new List<LocalizedText>();
        var moved = direction > 0 ? metric.Playbook.Up : direction < 0 ? metric.Playbook.Down : null;
        if (moved is not null && (driver is not null || !moved.Zh.Contains("{driver}", StringComparison.Ordinal)))
        {
            lines.Add(moved);
        }

        if (metric.Playbook.Always is { } always)
        {
            lines.Add(always);
        }

        var result = lines.Select(l => new NarratedRecommendation(
            l[language].Replace("{change}", change, StringComparison.Ordinal).Replace("{driver}", driver ?? "", StringComparison.Ordinal).Replace("{period}", period, StringComparison.Ordinal),
            metric.Name[language], metric.Playbook.Owner[language])).ToList();
        // Every answer offers a next look grounded in what it showed: where the number sits, cut another way.
        var cut = metric.Dimensions.FirstOrDefault(d => d == "channel") ?? metric.Dimensions.FirstOrDefault(d => dimensions.TryGetValue(d, out var x) && !x.IsTime);
        if (cut is not null && dimensions.TryGetValue(cut, out var dimension))
        {
            result.Add(new NarratedRecommendation(
                zh ? $"按{dimension.Name.Zh}拆开看{metric.Name.Zh}，把资源投向表现最好的{dimension.Name.Zh}，并为最差的{dimension.Name.Zh}定一个改进目标。"
                   : $"Split {metric.Name.En} by {dimension.Name.En}: put resources behind the best {dimension.Name.En} and set an improvement target for the weakest.",
                metric.Name[language], metric.Playbook.Owner[language]));
        }

        return result.Take(SkillNarrator.MaxRecommendations).ToList();
    }

    private string Member(DimensionDefinition dimension, string id, Language language) =>
        dimension.Dictionary is { } kind ? dictionary.Label(kind, id, language) : id;

    private string Needs(Measure measure, Language language)
    {
        var zh = language == Language.Zh;
        var where = measure.Where;
        if (where.Events.Count > 0)
        {
            var labels = string.Join(zh ? "、" : ", ", where.Events.Select(e => dictionary.Label(DictionaryKind.Event, e, language)));
            return zh ? $"“{labels}”事件" : $"'{labels}' events";
        }

        if (where.Touchpoints.Count > 0)
        {
            var labels = string.Join(zh ? "、" : ", ", where.Touchpoints.Select(e => dictionary.Label(DictionaryKind.Touchpoint, e, language)));
            return zh ? $"到达“{labels}”的人" : $"people reaching '{labels}'";
        }

        return where.Conversion is true ? (zh ? "转化事件（支付成功、门店购买等）" : "conversion events (payments, store purchases …)") : (zh ? "符合条件的记录" : "matching records");
    }

    private static bool CloseCall(ResultColumn column, double a, double b) =>
        column.Role == ColumnRole.Percent ? Math.Abs(a - b) < NoisePoints : Math.Abs(a - b) <= 0.02 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>The period as the headline states it; "all data" names the span the data covers.</summary>
    public static string PeriodText(DateRange range, Language language, (DateOnly First, DateOnly Last)? data)
    {
        var zh = language == Language.Zh;
        if (!range.IsAll)
        {
            return range.Format(language);
        }

        return data is { } span
            ? zh ? $"全部数据（{span.First:yyyy-MM-dd} 至 {span.Last:yyyy-MM-dd}）" : $"all data ({span.First:yyyy-MM-dd} to {span.Last:yyyy-MM-dd})"
            : zh ? "全部数据" : "all data";
    }

    private static string Lead(string period, bool zh) => zh ? $"{period}：" : $"For {period}: ";

    private static string Unit(DimensionDefinition by, bool zh) => by.Id switch
    {
        "week" => zh ? "周" : "week",
        "month" => zh ? "月" : "month",
        _ => zh ? "天" : "day",
    };

    private static string Capital(string text) => text.Length == 0 || !char.IsLower(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Count(double value) => Math.Round(value).ToString("#,##0", CultureInfo.InvariantCulture);

    private static double? ToDouble(object? value) => value switch
    {
        null or DBNull => null,
        string => null,
        System.Numerics.BigInteger b => (double)b,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };
}
