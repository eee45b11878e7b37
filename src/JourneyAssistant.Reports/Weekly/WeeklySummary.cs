using System.Diagnostics;
using System.Globalization;
using System.Text;
using JourneyAssistant.Charts;
using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Vocabulary;
using Microsoft.Extensions.Options;
using ExecutionContext = JourneyAssistant.Skills.ExecutionContext;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>
/// Builds the weekly summary from library skills run for the week and the week before (each through the executor,
/// so guard, scope and audit apply), renders the Markdown template and the self-contained HTML.
/// </summary>
public sealed class WeeklySummary : IWeeklySummary
{
    /// <summary>The library skills the summary reads; a missing one blanks its figures and is named in the caveats.</summary>
    public static class SkillIds
    {
        public const string Conversion = "conversion_by_channel";
        public const string Funnel = "funnel_by_touchpoint";
        public const string Repurchase = "repurchase_rate";
        public const string Nps = "nps_by_touchpoint";
        public const string Tickets = "ticket_service_levels";
        public const string Anomalies = "anomaly_days";
        public const string Kpis = "kpi_week_over_week";
    }

    private readonly ISkillCatalog _catalog;
    private readonly ISkillExecutor _executor;
    private readonly IJourneyCharts _charts;
    private readonly SkillNarrator _narrator;
    private readonly IJourneyDictionary _dictionary;
    private readonly ReportsOptions _options;
    private readonly string _promptsFolder;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;

    public WeeklySummary(ISkillCatalog catalog, ISkillExecutor executor, IJourneyCharts charts, IJourneyDictionary dictionary,
        IOptions<ReportsOptions> options, string promptsFolder, TimeProvider? time = null, IOptions<StoreOptions>? storeOptions = null,
        DataQualityReader? quality = null)
    {
        _quality = quality;
        _catalog = catalog;
        _executor = executor;
        _charts = charts;
        _dictionary = dictionary;
        _narrator = new SkillNarrator(dictionary);
        _options = options.Value;
        _promptsFolder = promptsFolder;
        _time = time ?? TimeProvider.System;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(storeOptions?.Value.ReportingTimeZone ?? "Asia/Shanghai");
        _currencySymbol = storeOptions?.Value.Currency?.Symbol ?? Currency.Default.Symbol;
    }

    // Revenue and AOV are shown in the install's currency (Store:Currency).
    private readonly string _currencySymbol;

    // Unmapped names and quarantined rows in the reader's scope, said in the caveats like in every answer (issue 14).
    private readonly DataQualityReader? _quality;

    public async Task<WeeklySummaryReport> BuildAsync(SummaryRequest request, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var language = request.Language;
        var zh = language == Language.Zh;
        var week = await WeekToSummarizeAsync(request, cancellationToken);
        var previous = week.Previous;
        var context = new ExecutionContext(request.User, request.Channel, zh ? "周报" : "weekly summary", request.Scope ?? DataScope.All, week.End);
        var run = new Runs(this, context, language, cancellationToken);

        // This week and last week, same skills, same arguments: the difference is the story.
        // min_people 1 keeps every channel in the totals; small channels are left out of the recommendations instead.
        // The executor gives every run its own connection, so the queries run side by side.
        var conversionTask = run.Skill(SkillIds.Conversion, week.Period, narrate: true, ("min_people", 1));
        var conversionPrevTask = run.Skill(SkillIds.Conversion, previous.Period, narrate: false, ("min_people", 1));
        var funnelTask = run.Skill(SkillIds.Funnel, week.Period, narrate: true);
        var funnelPrevTask = run.Skill(SkillIds.Funnel, previous.Period, narrate: false);
        var repurchaseTask = run.Skill(SkillIds.Repurchase, $"{week.End.AddDays(-89):yyyy-MM-dd}..{week.End:yyyy-MM-dd}", narrate: true);
        var repurchasePrevTask = run.Skill(SkillIds.Repurchase, $"{previous.End.AddDays(-89):yyyy-MM-dd}..{previous.End:yyyy-MM-dd}", narrate: false);
        var npsTask = run.Skill(SkillIds.Nps, week.Period, narrate: true);
        var npsPrevTask = run.Skill(SkillIds.Nps, previous.Period, narrate: false);
        var ticketsTask = run.Skill(SkillIds.Tickets, week.Period, narrate: true);
        var ticketsPrevTask = run.Skill(SkillIds.Tickets, previous.Period, narrate: false);
        var anomaliesTask = run.Skill(SkillIds.Anomalies, week.Period, narrate: true);
        var kpiTask = run.Skill(SkillIds.Kpis, week.Period, narrate: true);
        var latestTask = run.LatestDate();
        var (conversion, conversionPrev, funnel, funnelPrev) = (await conversionTask, await conversionPrevTask, await funnelTask, await funnelPrevTask);
        var (repurchase, repurchasePrev, nps, npsPrev) = (await repurchaseTask, await repurchasePrevTask, await npsTask, await npsPrevTask);
        var (tickets, ticketsPrev, anomalies, latest) = (await ticketsTask, await ticketsPrevTask, await anomaliesTask, await latestTask);

        var kpiResult = await kpiTask;
        var figures = new Figures(conversion, conversionPrev, repurchase, repurchasePrev, nps, npsPrev, tickets, ticketsPrev);
        var kpis = kpiResult is { Rows.Count: > 0 } ? KpisFromSkill(kpiResult, language) : Kpis(figures, language);
        var leak = Leak(funnel, funnelPrev, language);

        var charts = new List<ChartImage>();
        if (funnel is { Rows.Count: > 0 })
        {
            charts.Add(_charts.Render(funnel, language, title: (zh ? "转化漏斗 · " : "Conversion funnel · ") + week));
        }

        if (conversion is { Rows.Count: > 0 })
        {
            charts.Add(_charts.Render(conversion, language, title: (zh ? "各渠道转化率 · " : "Conversion rate by channel · ") + week));
        }

        var caveats = Caveats(request, week, latest, figures, run, kpiResult is { Rows.Count: > 0 }, language);
        // The same sanity check as every answer (0 %/100 %, steps nobody reaches, best vs worst within noise); the
        // week's own freshness caveat above already covers the period.
        foreach (var (id, result) in new[] { (SkillIds.Funnel, funnel), (SkillIds.Conversion, conversion) })
        {
            if (result is { Rows.Count: > 0 } && _catalog.Find(id) is { } definition)
            {
                caveats = [.. caveats, .. ResultSanity.Check(definition, result, language,
                    (column, value) => column.Dictionary is not null && value is string v ? _narrator.Format(column, v, language) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                    null, week.End.AddDays(1)).Caveats];
            }
        }

        if (_quality is not null && await _quality.CaveatAsync(context, language, new DateRange(week.Start, week.End, week.Period), cancellationToken) is { } quality)
        {
            caveats = [.. caveats, quality];
        }

        var headline = Headline(week, kpis, leak, latest, language);
        var generatedAt = _time.GetUtcNow();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = zh ? $"客户旅程周报 · {week}" : $"Customer journey weekly summary · {week}",
            ["headline"] = headline,
            ["week"] = week.ToString(),
            ["period"] = zh ? $"{week.Start:yyyy-MM-dd}（周一）至 {week.End:yyyy-MM-dd}（周日），对比上周 {previous}" : $"{week.Start:yyyy-MM-dd} (Mon) to {week.End:yyyy-MM-dd} (Sun), compared with {previous}",
            ["freshness"] = latest is { } l ? l.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : (zh ? "未知" : "unknown"),
            ["kpi_table"] = KpiTable(kpis, language),
            ["leak"] = leak?.Sentence ?? string.Empty,
            ["funnel_chart"] = "{{chart:funnel}}",
            ["channel_chart"] = charts.Any(c => c.Kind == ChartKinds.Bar) ? "{{chart:bar}}" : string.Empty,
            ["changes"] = Changes(kpis, figures, language),
            ["anomalies"] = Anomalies(anomalies, run, language),
            ["actions"] = Actions(run, language),
            ["caveats"] = string.Join("\n", caveats.Select(c => "- " + c)),
            ["generated_at"] = TimeZoneInfo.ConvertTime(generatedAt, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({_zone.Id})",
            ["elapsed"] = string.Empty,
        };
        if (funnel is not { Rows.Count: > 0 })
        {
            values["funnel_chart"] = string.Empty;
        }

        var template = await File.ReadAllTextAsync(TemplatePath(language), cancellationToken);
        values["elapsed"] = FormatElapsed(stopwatch.Elapsed, language);
        var body = SummaryTemplate.Render(template, values);
        var stem = $"weekly-summary-{week}-{language.Code()}";
        var markdown = EmbedCharts(body, charts, c => WeeklySummaryReport.ChartFileName(stem, c));
        var html = SummaryHtml.Render(EmbedCharts(body, charts, c => c.ToDataUri()), values["title"], language.Code());
        return new WeeklySummaryReport(week.ToString(), week.Start, week.End, language, headline, markdown, html, charts, kpis, caveats, generatedAt);
    }

    /// <summary>The week the request names, or the last complete week on or before its as-of date (default: today in the reporting zone).</summary>
    public IsoWeek ResolveWeek(SummaryRequest request)
    {
        if (request.Week is not null)
        {
            return IsoWeek.TryParse(request.Week)
                   ?? throw new ArgumentException(request.Language == Language.Zh
                       ? $"周格式不正确：'{request.Week}'，应为 2026-W47 这样的 ISO 周。"
                       : $"Invalid week '{request.Week}': use an ISO week such as 2026-W47.");
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _zone).DateTime);
        return IsoWeek.LastCompleteOnOrBefore(request.AsOf ?? today);
    }

    // With nothing named and the data ending before today, the last complete week in the data, not an empty calendar week.
    private async Task<IsoWeek> WeekToSummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        if (request.Week is not null || request.AsOf is not null || _options.StaleDataPolicy == "clock")
        {
            return ResolveWeek(request);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _zone).DateTime);
        var context = new ExecutionContext(request.User, request.Channel, request.Language == Language.Zh ? "周报：数据截至日期" : "weekly summary: data end", request.Scope ?? DataScope.All, today);
        var latest = await new Runs(this, context, request.Language, cancellationToken).LatestDate();
        return latest is { } last && last < today ? IsoWeek.LastCompleteOnOrBefore(last.AddDays(1)) : ResolveWeek(request);
    }

    private string TemplatePath(Language language)
    {
        var path = Path.Combine(_promptsFolder, $"weekly-summary.{language.Code()}.md");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The weekly summary template {path} is missing.", path);
    }

    private static string EmbedCharts(string body, IReadOnlyList<ChartImage> charts, Func<ChartImage, string> source)
    {
        foreach (var chart in charts)
        {
            body = body.Replace("{{chart:" + chart.Kind + "}}", $"![{chart.Title}]({source(chart)})", StringComparison.Ordinal);
        }

        return body;
    }

    private static string FormatElapsed(TimeSpan elapsed, Language language) =>
        elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + (language == Language.Zh ? " 秒" : " s");

    // ---- KPIs ---------------------------------------------------------------------------------------------------

    private sealed record Figures(
        SkillResult? Conversion, SkillResult? ConversionPrev, SkillResult? Repurchase, SkillResult? RepurchasePrev,
        SkillResult? Nps, SkillResult? NpsPrev, SkillResult? Tickets, SkillResult? TicketsPrev);

    private enum KpiKind
    {
        Count,
        Currency,
        Percent,
        Points,
        Hours,
    }

        private IReadOnlyList<SummaryKpi> Kpis(Figures f, Language language)
    {
        var list = new List<SummaryKpi>();
        void Add(string id, string zh, string en, KpiKind kind, double current, double previous) =>
            list.Add(new SummaryKpi(id, language == Language.Zh ? zh : en, current, previous, FormatKpi(current, kind, language),
                FormatKpi(previous, kind, language), FormatChange(current, previous, kind, language)));

        double People(SkillResult? r) => ResultReader.Sum(r, "people");
        double Converters(SkillResult? r) => ResultReader.Sum(r, "converters");
        double Revenue(SkillResult? r) => ResultReader.Sum(r, "revenue");
        double Orders(SkillResult? r) => ResultReader.Sum(r, "orders");
        double Rate(SkillResult? r) => People(r) > 0 ? Converters(r) / People(r) : double.NaN;
        double Aov(SkillResult? r) => Orders(r) > 0 ? Revenue(r) / Orders(r) : double.NaN;

        Add("people", "触达人数", "People reached", KpiKind.Count, People(f.Conversion), People(f.ConversionPrev));
        Add("conversions", "转化人数", "Conversions", KpiKind.Count, Converters(f.Conversion), Converters(f.ConversionPrev));
        Add("conversion_rate", "转化率", "Conversion rate", KpiKind.Percent, Rate(f.Conversion), Rate(f.ConversionPrev));
        Add("revenue", "收入", "Revenue", KpiKind.Currency, Revenue(f.Conversion), Revenue(f.ConversionPrev));
        Add("aov", "客单价", "Average order value", KpiKind.Currency, Aov(f.Conversion), Aov(f.ConversionPrev));
        Add("repurchase_rate", "复购率（近 90 天）", "Repurchase rate (90 days)", KpiKind.Percent, FirstValue(f.Repurchase, "repurchase_rate"), FirstValue(f.RepurchasePrev, "repurchase_rate"));
        Add("nps", "NPS", "NPS", KpiKind.Points, Nps(f.Nps), Nps(f.NpsPrev));
        Add("median_resolution_hours", "工单解决时长中位数", "Median ticket resolution", KpiKind.Hours, TicketHours(f.Tickets), TicketHours(f.TicketsPrev));
        return list;
    }

    /// <summary>The order of the KPI table; ids as kpi_week_over_week names them.</summary>
    private static readonly (string Id, KpiKind Kind)[] _kpiOrder =
    [
        ("people", KpiKind.Count), ("conversions", KpiKind.Count), ("conversion_rate", KpiKind.Percent), ("payment_success_rate", KpiKind.Percent),
        ("revenue", KpiKind.Currency), ("aov", KpiKind.Currency), ("repurchase_rate", KpiKind.Percent), ("nps", KpiKind.Points),
        ("median_resolution_hours", KpiKind.Hours),
    ];

    /// <summary>KPIs as the library skill computes them (definitions and the top contributing channel included).</summary>
    private IReadOnlyList<SummaryKpi> KpisFromSkill(SkillResult result, Language language)
    {
        var list = new List<SummaryKpi>();
        foreach (var (id, kind) in _kpiOrder)
        {
            var row = result.Rows.FirstOrDefault(r => ResultReader.Text(result, r, "kpi") == id);
            if (row is null)
            {
                continue;
            }

            var current = ResultReader.Number(result, row, "this_period");
            var previous = ResultReader.Number(result, row, "previous_period");

            // Rates may come as percentages (9.19) rather than fractions (0.0919); a rate above 1.5 must be the former.
            var scale = kind == KpiKind.Percent && (Math.Abs(current) > 1.5 || Math.Abs(previous) > 1.5) ? 0.01 : 1;
            (current, previous) = (current * scale, previous * scale);
            var label = (ResultReader.Text(result, row, language == Language.Zh ? "kpi_zh" : "kpi_en") ?? id)
                .Replace("（%）", string.Empty, StringComparison.Ordinal).Replace(" (%)", string.Empty, StringComparison.Ordinal).Trim();
            var channel = ResultReader.Text(result, row, "top_channel");
            var contribution = ResultReader.Number(result, row, "top_channel_change") * scale;
            list.Add(new SummaryKpi(id, label, current, previous, FormatKpi(current, kind, language), FormatKpi(previous, kind, language),
                FormatChange(current, previous, kind, language),
                string.IsNullOrWhiteSpace(channel) ? null : _dictionary.Label(DictionaryKind.Channel, channel, language),
                string.IsNullOrWhiteSpace(channel) || !double.IsFinite(contribution) ? null : Contribution(contribution, kind, language)));
        }

        return list;
    }

    private string Contribution(double value, KpiKind kind, Language language) => kind switch
    {
        KpiKind.Count => SignedCount(value),
        KpiKind.Currency => SignedCurrency(value),
        KpiKind.Percent => SignedPoints(value, language),
        KpiKind.Points => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.0", CultureInfo.InvariantCulture) + (language == Language.Zh ? " 分" : " pts"),
        _ => (value >= 0 ? "+" : "−") + ValueFormat.Duration(Math.Abs(value), "hours", language),
    };

    private static double FirstValue(SkillResult? result, string column) =>
        result is { Rows.Count: > 0 } ? ResultReader.Number(result, result.Rows[0], column) : double.NaN;

    private static double Nps(SkillResult? result) => result is null
        ? double.NaN
        : ResultReader.WeightedMean(result, NpsColumn(result) ?? "nps", ResultReader.Find(result, ColumnRole.Count, "respon", "count", "surveys"));

    private static string? NpsColumn(SkillResult result) =>
        result.IndexOf("nps") >= 0 ? "nps" : ResultReader.Find(result, ColumnRole.Measure, "nps");

    // Per-channel medians weighted by ticket count: the skill reports medians per service channel, not overall.
    private static double TicketHours(SkillResult? result) => result is null
        ? double.NaN
        : ResultReader.WeightedMean(result, ResultReader.Find(result, ColumnRole.Duration, "median") ?? "median_hours", ResultReader.Find(result, ColumnRole.Count, "ticket"));

    private string FormatKpi(double value, KpiKind kind, Language language) => !double.IsFinite(value)
        ? "–"
        : kind switch
        {
            KpiKind.Count => ValueFormat.Count(value),
            KpiKind.Currency => ValueFormat.Currency(value, _currencySymbol),
            KpiKind.Percent => ValueFormat.Percent(value),
            KpiKind.Points => Points(value),
            _ => ValueFormat.Duration(value, "hours", language),
        };

    // Rounded first so a tiny negative never prints as "-0.0".
    private static string Points(double value)
    {
        var rounded = Math.Round(value, 1);
        return (rounded == 0 ? 0 : rounded).ToString("0.0", CultureInfo.InvariantCulture);
    }

    private static string FormatChange(double current, double previous, KpiKind kind, Language language)
    {
        if (!double.IsFinite(current) || !double.IsFinite(previous))
        {
            return "–";
        }

        // Signs follow the rounded value, so a tiny drop never reads "−0.0".
        static string Signed(double rounded, string unit) =>
            (rounded >= 0 ? "+" : "−") + Math.Abs(rounded).ToString("0.0", CultureInfo.InvariantCulture) + unit;
        return kind switch
        {
            KpiKind.Percent => Signed(Math.Round((current - previous) * 100, 1), language == Language.Zh ? " 个百分点" : " pp"),
            KpiKind.Points => Signed(Math.Round(current - previous, 1), language == Language.Zh ? " 分" : " pts"),
            _ => previous == 0 ? "–" : ValueFormat.Change((current / previous) - 1),
        };
    }

    private static string KpiTable(IReadOnlyList<SummaryKpi> kpis, Language language)
    {
        var zh = language == Language.Zh;
        var text = new StringBuilder();
        text.AppendLine(zh ? "| 指标 | 本周 | 上周 | 周环比 |" : "| Metric | This week | Last week | Change |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var kpi in kpis)
        {
            text.AppendLine($"| {kpi.Label} | **{kpi.CurrentText}** | {kpi.PreviousText} | {kpi.ChangeText} |");
        }

        return text.ToString().TrimEnd();
    }

    // ---- Funnel leak --------------------------------------------------------------------------------------------

    private sealed record LeakInfo(string Touchpoint, string Label, double People, double Dropped, double Rate, double PreviousRate, string Sentence);

    private LeakInfo? Leak(SkillResult? funnel, SkillResult? previous, Language language)
    {
        if (funnel is not { Rows.Count: > 0 } || funnel.IndexOf("dropped") < 0)
        {
            return null;
        }

        // The leak is the skill's own focus row (its `focus` rule), so the report and the skill's answer agree.
        var focus = _catalog.Find(SkillIds.Funnel)?.Focus ?? new FocusRule("drop_rate");
        var by = funnel.IndexOf(focus.By) >= 0 ? focus.By : "dropped";
        var ordered = funnel.Rows.Where(r => double.IsFinite(ResultReader.Number(funnel, r, by)));
        var row = (focus.Descending ? ordered.OrderByDescending(r => ResultReader.Number(funnel, r, by)) : ordered.OrderBy(r => ResultReader.Number(funnel, r, by))).FirstOrDefault();
        if (row is null)
        {
            return null;
        }

        var touchpoint = ResultReader.Text(funnel, row, "touchpoint") ?? string.Empty;
        var label = _dictionary.Label(DictionaryKind.Touchpoint, touchpoint, language);
        var people = ResultReader.Number(funnel, row, "people");
        var dropped = ResultReader.Number(funnel, row, "dropped");
        var rate = ResultReader.Number(funnel, row, "drop_rate");
        var previousRow = previous?.Rows.FirstOrDefault(r => ResultReader.Text(previous, r, "touchpoint") == touchpoint);
        var previousRate = previousRow is null ? double.NaN : ResultReader.Number(previous!, previousRow, "drop_rate");
        var zh = language == Language.Zh;
        var compare = double.IsFinite(previousRate)
            ? (zh ? $"，上周为 {ValueFormat.Percent(previousRate)}" : $" (last week {ValueFormat.Percent(previousRate)})")
            : string.Empty;
        var sentence = zh
            ? $"本周最大的流失在 **{label}**：{ValueFormat.Count(people)} 人进入，流失 {ValueFormat.Count(dropped)} 人，流失率 **{ValueFormat.Percent(rate)}**{compare}。"
            : $"The week's biggest leak is **{label}**: {ValueFormat.Count(people)} people reached it and {ValueFormat.Count(dropped)} dropped — **{ValueFormat.Percent(rate)}**{compare}.";
        return new LeakInfo(touchpoint, label, people, dropped, rate, previousRate, sentence);
    }

    // ---- Top changes and their drivers -------------------------------------------------------------------------

    private string Changes(IReadOnlyList<SummaryKpi> kpis, Figures f, Language language)
    {
        var zh = language == Language.Zh;
        var top = kpis.Where(k => double.IsFinite(Score(k))).OrderByDescending(Score).ThenBy(k => k.Id, StringComparer.Ordinal).Take(3).ToList();
        if (top.Count == 0)
        {
            return zh ? "没有可与上周比较的数据。" : "No figures to compare with last week.";
        }

        var lines = new List<string>();
        for (var i = 0; i < top.Count; i++)
        {
            var kpi = top[i];
            var driver = kpi is { DriverLabel: { } driverLabel, DriverChange: { } driverChange }
                ? (zh ? "渠道" : "channel", driverLabel, driverChange)
                : Driver(kpi, f, language);
            var direction = kpi.Current >= kpi.Previous ? (zh ? "上升" : "up") : (zh ? "下降" : "down");
            var line = zh
                ? $"{i + 1}. **{kpi.Label}**{direction}：{kpi.CurrentText}（{kpi.ChangeText}）"
                : $"{i + 1}. **{kpi.Label}** {direction}: {kpi.CurrentText} ({kpi.ChangeText})";
            line += driver is null
                ? (zh ? "；没有可拆分的维度。" : "; no dimension to break it down by.")
                : (zh ? $"；主要来自{driver.Value.Kind} **{driver.Value.Label}**（{driver.Value.Delta}）。" : $"; driven mostly by {driver.Value.Kind} **{driver.Value.Label}** ({driver.Value.Delta}).");
            lines.Add(line);
        }

        return string.Join("\n", lines);
    }

    /// <summary>
    /// How big a change is, comparable across KPIs: relative change, except NPS, whose relative change explodes near 0;
    /// there 50 points count as 100%.
    /// </summary>
    private static double Score(SummaryKpi kpi) => kpi.Id == "nps"
        ? (double.IsFinite(kpi.Current) && double.IsFinite(kpi.Previous) ? Math.Abs(kpi.Current - kpi.Previous) / 50 : double.NaN)
        : Math.Abs(kpi.Change);

    private (string Kind, string Label, string Delta)? Driver(SummaryKpi kpi, Figures f, Language language)
    {
        var zh = language == Language.Zh;
        var channelKind = zh ? "渠道" : "channel";
        switch (kpi.Id)
        {
            case "people":
            case "conversions":
            case "revenue":
            {
                var column = kpi.Id switch { "people" => "people", "conversions" => "converters", _ => "revenue" };
                var pick = Largest(By(f.Conversion, "channel", column), By(f.ConversionPrev, "channel", column), kpi.Current - kpi.Previous);
                return pick is null ? null : (channelKind, _dictionary.Label(DictionaryKind.Channel, pick.Value.Key, language),
                    kpi.Id == "revenue" ? SignedCurrency(pick.Value.Delta) : SignedCount(pick.Value.Delta));
            }

            case "conversion_rate":
            case "aov":
            {
                // Contribution of each channel to the ratio: its numerator over the week's total denominator.
                var (numerator, denominator) = kpi.Id == "conversion_rate" ? ("converters", "people") : ("revenue", "orders");
                var current = Share(f.Conversion, numerator, denominator);
                var previous = Share(f.ConversionPrev, numerator, denominator);
                var pick = Largest(current, previous, kpi.Current - kpi.Previous);
                return pick is null ? null : (channelKind, _dictionary.Label(DictionaryKind.Channel, pick.Value.Key, language),
                    kpi.Id == "aov" ? SignedCurrency(pick.Value.Delta) : SignedPoints(pick.Value.Delta, language));
            }

            case "nps" when f.Nps is not null && f.NpsPrev is not null:
            {
                var column = NpsColumn(f.Nps) ?? "nps";
                var weight = ResultReader.Find(f.Nps, ColumnRole.Count, "respon", "count");
                var pick = Largest(WeightedShare(f.Nps, "touchpoint", column, weight), WeightedShare(f.NpsPrev, "touchpoint", column, weight), kpi.Current - kpi.Previous);
                return pick is null ? null : (zh ? "触点" : "touchpoint", _dictionary.Label(DictionaryKind.Touchpoint, pick.Value.Key, language),
                    (pick.Value.Delta >= 0 ? "+" : "−") + Math.Abs(pick.Value.Delta).ToString("0.0", CultureInfo.InvariantCulture) + (zh ? " 分" : " pts"));
            }

            case "median_resolution_hours" when f.Tickets is not null && f.TicketsPrev is not null:
            {
                var dimension = f.Tickets.Columns.FirstOrDefault(c => c.Role == ColumnRole.Dimension)?.Name ?? "service_channel";
                var column = ResultReader.Find(f.Tickets, ColumnRole.Duration, "median") ?? "median_hours";
                var weight = ResultReader.Find(f.Tickets, ColumnRole.Count, "ticket");
                var pick = Largest(WeightedShare(f.Tickets, dimension, column, weight), WeightedShare(f.TicketsPrev, dimension, column, weight), kpi.Current - kpi.Previous);
                return pick is null ? null : (zh ? "服务渠道" : "service channel", _dictionary.Label(DictionaryKind.Channel, pick.Value.Key, language),
                    (pick.Value.Delta >= 0 ? "+" : "−") + ValueFormat.Duration(Math.Abs(pick.Value.Delta), "hours", language));
            }

            default:
                return null;
        }
    }

    private static Dictionary<string, double> By(SkillResult? result, string dimension, string column) =>
        ResultReader.By(result, dimension, row => ResultReader.Number(result!, row, column));

    private static Dictionary<string, double> Share(SkillResult? result, string numerator, string denominator)
    {
        var total = ResultReader.Sum(result, denominator);
        return total > 0 ? ResultReader.By(result, "channel", row => ResultReader.Number(result!, row, numerator) / total) : [];
    }

    private static Dictionary<string, double> WeightedShare(SkillResult result, string dimension, string column, string? weight)
    {
        var total = weight is null ? result.Rows.Count : ResultReader.Sum(result, weight);
        return total > 0
            ? ResultReader.By(result, dimension, row => ResultReader.Number(result, row, column) * (weight is null ? 1 : ResultReader.Number(result, row, weight)) / total)
            : [];
    }

    /// <summary>The key whose change moved furthest in the direction of the total change.</summary>
    private static (string Key, double Delta)? Largest(Dictionary<string, double> current, Dictionary<string, double> previous, double totalChange)
    {
        var direction = totalChange >= 0 ? 1 : -1;
        var deltas = current.Keys.Union(previous.Keys)
            .Select(k => (Key: k, Delta: current.GetValueOrDefault(k) - previous.GetValueOrDefault(k)))
            .Where(d => double.IsFinite(d.Delta))
            .OrderByDescending(d => d.Delta * direction)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .ToList();
        return deltas.Count == 0 ? null : deltas[0];
    }

    private static string SignedCount(double delta) => (delta >= 0 ? "+" : "−") + ValueFormat.Count(Math.Abs(delta));

    private string SignedCurrency(double delta) => (delta >= 0 ? "+" : "−") + ValueFormat.Currency(Math.Abs(delta), _currencySymbol);

    private static string SignedPoints(double delta, Language language) =>
        (delta >= 0 ? "+" : "−") + Math.Abs(delta * 100).ToString("0.00", CultureInfo.InvariantCulture) + (language == Language.Zh ? " 个百分点" : " pp");

    // ---- Anomalies, actions, caveats, headline -------------------------------------------------------------------

    private string Anomalies(SkillResult? anomalies, Runs run, Language language)
    {
        var zh = language == Language.Zh;
        if (anomalies is null)
        {
            return run.Missing.Contains(SkillIds.Anomalies)
                ? (zh ? "异常检测技能（anomaly_days）暂不可用。" : "The anomaly skill (anomaly_days) is not available.")
                : (zh ? "异常检测未能运行，见数据说明。" : "Anomaly detection did not run; see the notes below.");
        }

        if (anomalies.Rows.Count == 0)
        {
            return zh ? "本周没有检测到异常日。" : "No anomalous days this week.";
        }

        var columns = new ChartColumns(new ChartRequest(anomalies, language, _dictionary));
        return string.Join("\n", anomalies.Rows.Take(5).Select(row =>
            "- " + string.Join(" · ", Enumerable.Range(0, anomalies.Columns.Count).Select(i =>
            {
                var column = anomalies.Columns[i];
                var value = column.Role == ColumnRole.Dimension ? columns.Label(row, i) : columns.Format(columns.Number(row, i), i);
                return i == 0 ? $"**{value}**" : $"{column.Label[language]} {value}";
            }))));
    }

    private static string Actions(Runs run, Language language)
    {
        var zh = language == Language.Zh;
        var picked = new List<NarratedRecommendation>();

        // Specific recommendations (rules whose conditions matched) first, one skill at a time; catch-all
        // `always` rules, which come last in a skill file, only fill what is left.
        var specific = run.Recommendations.Select(r => r.Items.Take(r.Items.Count - r.Always).ToList()).ToList();
        var fallback = run.Recommendations.Select(r => r.Items.Skip(r.Items.Count - r.Always).ToList()).ToList();
        foreach (var lists in new[] { specific, fallback })
        {
            for (var round = 0; picked.Count < 3 && lists.Any(l => l.Count > round); round++)
            {
                foreach (var list in lists)
                {
                    if (list.Count > round && picked.Count < 3 && picked.All(p => p.Action != list[round].Action))
                    {
                        picked.Add(list[round]);
                    }
                }
            }
        }

        if (picked.Count == 0)
        {
            return zh ? "数据不足，本周没有建议。" : "Not enough data for recommendations this week.";
        }

        return string.Join("\n", picked.Select((p, i) => zh
            ? $"{i + 1}. {p.Action}\n   - 负责人：{p.Owner ?? "待定"}；关注指标：{p.Metric}"
            : $"{i + 1}. {p.Action}\n   - Owner: {p.Owner ?? "to be assigned"}; metric to watch: {p.Metric}"));
    }

    private IReadOnlyList<string> Caveats(SummaryRequest request, IsoWeek week, DateOnly? latest, Figures f, Runs run, bool kpisFromSkill, Language language)
    {
        var zh = language == Language.Zh;
        var caveats = new List<string>();
        if (latest is { } last && last < week.End)
        {
            caveats.Add(last < week.Start
                ? (zh ? $"**本周没有数据**：数据只到 {last:yyyy-MM-dd}。" : $"**No data for this week**: data ends on {last:yyyy-MM-dd}.")
                : (zh ? $"**不完整周**：数据只到 {last:yyyy-MM-dd}，本周数字偏低，请勿直接与上周比较。" : $"**Partial week**: data ends on {last:yyyy-MM-dd}, so this week's figures are low; don't compare them directly with last week."));
        }

        if (f.Conversion is not null)
        {
            var small = f.Conversion.Rows
                .Where(r => ResultReader.Number(f.Conversion, r, "people") < _options.SmallSample)
                .Select(r => _dictionary.Label(DictionaryKind.Channel, ResultReader.Text(f.Conversion, r, "channel") ?? "", language))
                .ToList();
            if (small.Count > 0)
            {
                caveats.Add(zh
                    ? $"小样本：{string.Join("、", small)} 本周不足 {_options.SmallSample} 人，其转化率波动大。"
                    : $"Small samples: {string.Join(", ", small)} had fewer than {_options.SmallSample} people this week; their rates are noisy.");
            }
        }

        if (f.Nps is { Rows.Count: 0 })
        {
            // The NPS skill lists only touchpoints with enough responses; none listed is not "0 responses" (a scoped week
            // can hold 44 responses spread thin): say what is true — it could not be split by touchpoint.
            caveats.Add(zh
                ? "NPS 本周没有哪个触点的回复数达到拆分门槛，未按触点拆分；总体 NPS 取自核心指标。"
                : "No touchpoint had enough survey responses this week to split NPS by touchpoint; the overall NPS comes from the KPI figures.");
        }
        else if (f.Nps is not null && ResultReader.Find(f.Nps, ColumnRole.Count, "respon", "count") is { } responses
            && ResultReader.Sum(f.Nps, responses) is var total && total < _options.SmallSample)
        {
            caveats.Add(zh ? $"NPS 只有 {total:0} 份回复，仅供参考。" : $"NPS rests on only {total:0} responses; read it as indicative.");
        }

        if (run.Missing.Count > 0)
        {
            caveats.Add(zh
                ? $"以下技能不可用，相关指标显示为 –：{string.Join("、", run.Missing)}。"
                : $"These skills are not available, so their figures show –: {string.Join(", ", run.Missing)}.");
        }

        caveats.AddRange(run.Failures);
        var kpiDefinitions = kpisFromSkill ? _catalog.Find(SkillIds.Kpis)?.Definitions?[language] : null;
        caveats.Add(!string.IsNullOrWhiteSpace(kpiDefinitions)
            ? (zh ? "口径：" : "Definitions: ") + kpiDefinitions
            : zh
            ? "口径：人数为打通身份后的自然人；日期按报告时区（" + _zone.Id + "）；转化 = 支付成功或门店购买；复购率取截至周末的近 90 天；工单时长为各服务渠道中位数按工单量加权。"
            : "Definitions: people are stitched persons; dates are in the reporting zone (" + _zone.Id + "); a conversion is a payment success or store purchase; repurchase rate covers the 90 days to the week's end; ticket time is the per-service-channel median weighted by tickets.");
        if (request.Scope is { IsRestricted: true } scope)
        {
            caveats.Add(scope.Note()[language]);
        }

        return caveats;
    }

    private static string Headline(IsoWeek week, IReadOnlyList<SummaryKpi> kpis, LeakInfo? leak, DateOnly? latest, Language language)
    {
        var zh = language == Language.Zh;
        var revenue = kpis.First(k => k.Id == "revenue");
        var rate = kpis.First(k => k.Id == "conversion_rate");
        if (!double.IsFinite(revenue.Current) || revenue.Current == 0 && rate.Current is 0 or double.NaN)
        {
            return zh ? $"{week} 没有可汇总的转化数据{(latest is { } l ? $"（数据只到 {l:yyyy-MM-dd}）" : string.Empty)}。" : $"{week} has no conversion data to summarise{(latest is { } l2 ? $" (data ends on {l2:yyyy-MM-dd})" : string.Empty)}.";
        }

        var tone = double.IsFinite(revenue.Change)
            ? revenue.Change switch
            {
                >= 0.05 => zh ? "本周表现向好" : "A good week",
                <= -0.05 => zh ? "本周有所下滑" : "A weaker week",
                _ => zh ? "本周基本持平" : "A flat week",
            }
            : (zh ? "本周概况" : "This week");
        var leakText = leak is null ? string.Empty : zh ? $"，最大流失在{leak.Label}（{ValueFormat.Percent(leak.Rate)}）" : $"; the biggest leak is {leak.Label} ({ValueFormat.Percent(leak.Rate)})";

        // The worst of the top changes (a drop in a KPI where higher is better) is what the reader must not miss.
        var worst = kpis.Where(k => k.Id != "median_resolution_hours" && k.Current < k.Previous && double.IsFinite(Score(k)))
            .OrderByDescending(Score).FirstOrDefault(k => Score(k) >= 0.1);
        if (worst is not null && worst.Id is not ("revenue" or "conversion_rate"))
        {
            leakText += zh
                ? $"；{worst.Label} {worst.ChangeText}{(worst.DriverLabel is null ? string.Empty : $"（主要在{worst.DriverLabel}）")}"
                : $"; {worst.Label.ToLowerInvariant()} {worst.ChangeText}{(worst.DriverLabel is null ? string.Empty : $" (mostly {worst.DriverLabel})")}";
        }

        return zh
            ? $"{tone}：收入 {revenue.CurrentText}（周环比 {revenue.ChangeText}），转化率 {rate.CurrentText}（{rate.ChangeText}）{leakText}。"
            : $"{tone}: revenue {revenue.CurrentText} ({revenue.ChangeText} week over week), conversion rate {rate.CurrentText} ({rate.ChangeText}){leakText}.";
    }

    /// <summary>Runs skills for one report (concurrently): remembers missing skills, failures and this week's narrations.</summary>
    private sealed class Runs(WeeklySummary owner, ExecutionContext context, Language language, CancellationToken cancellationToken)
    {
        /// <summary>Order in which skills contribute recommendations: the funnel leak first.</summary>
        private static readonly string[] _recommendationOrder = [SkillIds.Funnel, SkillIds.Kpis, SkillIds.Conversion, SkillIds.Nps, SkillIds.Tickets, SkillIds.Repurchase, SkillIds.Anomalies];

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
            var skill = owner._catalog.Find(id);
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
                var result = await owner._executor.RunAsync(skill, arguments, context, cancellationToken);

                // Recommendations come from this week's run, worded as the skill file words them.
                if (narrate)
                {
                    var narrative = owner._narrator.Narrate(skill, WithoutSmallSamples(result), language);
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
                : result with { Rows = [.. result.Rows.Where(r => Charts.Rendering.ChartColumns.ToDouble(r[people]) >= owner._options.SmallSample)] };
        }

        public async Task<DateOnly?> LatestDate()
        {
            try
            {
                var result = await owner._executor.RunAdhocAsync("SELECT max(local_date) AS latest_date FROM journey_events", context, cancellationToken);
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
}
