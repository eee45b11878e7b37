using System.Diagnostics;
using JourneyAssistant.Charts;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Options;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>
/// Builds the weekly summary from library skills run for the week and the week before (each through the executor,
/// so guard, scope and audit apply), renders the Markdown template and the self-contained HTML.
/// </summary>
/// <remarks>
/// Gathering (<see cref="WeekGatherer"/>), analysis (<see cref="WeekKpis"/>, <see cref="KpiMovers"/>, <see cref="FunnelLeak"/>)
/// and wording (<see cref="SummaryText"/>, <see cref="SummaryCaveats"/>) live in their own types; this one puts them in order.
/// </remarks>
public sealed class WeeklySummary : IWeeklySummary
{
    /// <summary>
    /// The library skills the summary reads by default (<c>Reports:WeeklySkills</c> may name others); a missing one
    /// blanks its figures and is named in the caveats.
    /// </summary>
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

    private readonly IJourneyCharts _charts;
    private readonly ReportsOptions _options;
    private readonly string _promptsFolder;
    private readonly ReportingClock _clock;
    private readonly WeekGatherer _gatherer;
    private readonly WeekKpis _kpis;
    private readonly KpiMovers _movers;
    private readonly FunnelLeak _leak;
    private readonly SummaryCaveats _caveats;
    private readonly SummaryText _text;

    /// <param name="quality">Unmapped names and quarantined rows in the reader's scope, said in the caveats like in every answer (issue 14).</param>
    /// <param name="narrator">The registered narrator; built over <paramref name="dictionary"/> when not given.</param>
    /// <param name="clock">Today and the generation time; when null, one on <paramref name="time"/> in <paramref name="storeOptions"/>' zone (Asia/Shanghai without them).</param>
    public WeeklySummary(ISkillCatalog catalog, ISkillExecutor executor, IJourneyCharts charts, IJourneyDictionary dictionary,
        IOptions<ReportsOptions> options, string promptsFolder, TimeProvider? time = null, IOptions<StoreOptions>? storeOptions = null,
        DataQualityReader? quality = null, SkillNarrator? narrator = null, ReportingClock? clock = null)
    {
        narrator ??= new SkillNarrator(dictionary);
        _charts = charts;
        _options = options.Value;
        _promptsFolder = promptsFolder;
        _clock = clock ?? new ReportingClock(time ?? TimeProvider.System, storeOptions?.Value.ReportingTimeZone ?? "Asia/Shanghai");

        // Revenue and AOV are shown in the install's currency (Store:Currency).
        var format = new KpiFormat(storeOptions?.Value.Currency?.Symbol ?? Currency.Default.Symbol);
        var skills = _options.WeeklySkills;
        _gatherer = new WeekGatherer(catalog, executor, narrator, _options);
        _kpis = new WeekKpis(dictionary, format);
        _movers = new KpiMovers(dictionary, format);
        _leak = new FunnelLeak(catalog, dictionary, skills.Funnel);
        _caveats = new SummaryCaveats(catalog, dictionary, narrator, _options, _clock.Zone, quality);
        _text = new SummaryText(dictionary, skills.Anomalies);
    }

    public async Task<WeeklySummaryReport> BuildAsync(SummaryRequest request, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var language = request.Language;
        var zh = language == Language.Zh;
        var week = await WeekToSummarizeAsync(request, cancellationToken);
        var context = new ExecutionContext(request.User, request.Channel, zh ? "周报" : "weekly summary", request.Scope ?? DataScope.All, week.End);
        var gathered = await _gatherer.GatherAsync(week, _gatherer.Runs(context, language, cancellationToken));
        var (funnel, conversion) = (gathered.Funnel, gathered.Figures.Conversion);

        var kpis = _kpis.Of(gathered, language);
        var leak = _leak.Find(funnel, gathered.FunnelPrev, language);

        var charts = new List<ChartImage>();
        if (funnel is { Rows.Count: > 0 })
        {
            charts.Add(_charts.Render(funnel, language, title: (zh ? "转化漏斗 · " : "Conversion funnel · ") + week));
        }

        if (conversion is { Rows.Count: > 0 })
        {
            charts.Add(_charts.Render(conversion, language, title: (zh ? "各渠道转化率 · " : "Conversion rate by channel · ") + week));
        }

        var caveats = await _caveats.CollectAsync(request, week, gathered, context, language, cancellationToken);
        var headline = SummaryText.Headline(week, kpis, leak, gathered.Latest, language);
        var generatedAt = _clock.Time.GetUtcNow();
        var template = await File.ReadAllTextAsync(TemplatePath(language), cancellationToken);
        var values = new SummaryValues(
            Title: SummaryText.Title(week, language),
            Headline: headline,
            Week: week.ToString(),
            Period: SummaryText.Period(week, language),
            Freshness: SummaryText.Freshness(gathered.Latest, language),
            KpiTable: SummaryText.KpiTable(kpis, language),
            Leak: leak?.Sentence ?? string.Empty,
            FunnelChart: funnel is { Rows.Count: > 0 } ? "{{chart:funnel}}" : string.Empty,
            ChannelChart: charts.Any(c => c.Kind == ChartKinds.Bar) ? "{{chart:bar}}" : string.Empty,
            Changes: SummaryText.Changes(_movers.Top(kpis, gathered.Figures, language), language),
            Anomalies: _text.Anomalies(gathered.Anomalies, gathered.Runs, language),
            Actions: SummaryText.Actions(gathered.Runs, language),
            Caveats: string.Join("\n", caveats.Select(c => "- " + c)),
            GeneratedAt: SummaryText.GeneratedAt(generatedAt, _clock.Zone),
            Elapsed: SummaryText.Elapsed(stopwatch.Elapsed, language));

        var body = SummaryTemplate.Render(template, values.ToDictionary());
        var stem = $"weekly-summary-{week}-{language.Code()}";
        var markdown = EmbedCharts(body, charts, c => WeeklySummaryReport.ChartFileName(stem, c));
        var html = SummaryHtml.Render(EmbedCharts(body, charts, c => c.ToDataUri()), values.Title, language.Code());
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

        var today = _clock.Today;
        return IsoWeek.LastCompleteOnOrBefore(request.AsOf ?? today);
    }

    // With nothing named and the data ending before today, the last complete week in the data, not an empty calendar week.
    private async Task<IsoWeek> WeekToSummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        if (request.Week is not null || request.AsOf is not null || _options.StaleDataPolicy == "clock")
        {
            return ResolveWeek(request);
        }

        var today = _clock.Today;
        var context = new ExecutionContext(request.User, request.Channel, request.Language == Language.Zh ? "周报：数据截至日期" : "weekly summary: data end", request.Scope ?? DataScope.All, today);
        var latest = await _gatherer.Runs(context, request.Language, cancellationToken).LatestDate();
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
}
