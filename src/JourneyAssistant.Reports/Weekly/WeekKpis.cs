using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>The week's KPIs against last week: from the KPI skill when it answered, else worked out from the other skills' results.</summary>
internal sealed class WeekKpis(IJourneyDictionary dictionary, KpiFormat format)
{
    /// <summary>The order of the KPI table; ids as kpi_week_over_week names them.</summary>
    private static readonly (string Id, KpiKind Kind)[] _kpiOrder =
    [
        ("people", KpiKind.Count), ("conversions", KpiKind.Count), ("conversion_rate", KpiKind.Percent), ("payment_success_rate", KpiKind.Percent),
        ("revenue", KpiKind.Currency), ("aov", KpiKind.Currency), ("repurchase_rate", KpiKind.Percent), ("nps", KpiKind.Points),
        ("median_resolution_hours", KpiKind.Hours),
    ];

    public IReadOnlyList<SummaryKpi> Of(GatheredWeek week, Language language) =>
        week.KpisFromSkill ? FromSkill(week.KpiSkill!, language) : FromFigures(week.Figures, language);

    /// <summary>The NPS column of an NPS result: <c>nps</c>, else the first measure named like it.</summary>
    public static string? NpsColumn(SkillResult result) =>
        result.IndexOf("nps") >= 0 ? "nps" : ResultReader.Find(result, ColumnRole.Measure, "nps");

    private IReadOnlyList<SummaryKpi> FromFigures(KpiFigures f, Language language)
    {
        var list = new List<SummaryKpi>();
        void Add(string id, string zh, string en, KpiKind kind, double current, double previous) =>
            list.Add(new SummaryKpi(id, language == Language.Zh ? zh : en, current, previous, format.Value(current, kind, language),
                format.Value(previous, kind, language), KpiFormat.Change(current, previous, kind, language)));

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

    /// <summary>KPIs as the library skill computes them (definitions and the top contributing channel included).</summary>
    private IReadOnlyList<SummaryKpi> FromSkill(SkillResult result, Language language)
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
            list.Add(new SummaryKpi(id, label, current, previous, format.Value(current, kind, language), format.Value(previous, kind, language),
                KpiFormat.Change(current, previous, kind, language),
                string.IsNullOrWhiteSpace(channel) ? null : dictionary.Label(DictionaryKind.Channel, channel, language),
                string.IsNullOrWhiteSpace(channel) || !double.IsFinite(contribution) ? null : format.Contribution(contribution, kind, language)));
        }

        return list;
    }

    private static double FirstValue(SkillResult? result, string column) =>
        result is { Rows.Count: > 0 } ? ResultReader.Number(result, result.Rows[0], column) : double.NaN;

    private static double Nps(SkillResult? result) => result is null
        ? double.NaN
        : ResultReader.WeightedMean(result, NpsColumn(result) ?? "nps", ResultReader.Find(result, ColumnRole.Count, "respon", "count", "surveys"));

    // Per-channel medians weighted by ticket count: the skill reports medians per service channel, not overall.
    private static double TicketHours(SkillResult? result) => result is null
        ? double.NaN
        : ResultReader.WeightedMean(result, ResultReader.Find(result, ColumnRole.Duration, "median") ?? "median_hours", ResultReader.Find(result, ColumnRole.Count, "ticket"));
}
