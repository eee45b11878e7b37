using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>What drove a KPI's change: the kind of dimension ("channel"), its label and its share of the change.</summary>
internal sealed record KpiDriver(string Kind, string Label, string Delta);

/// <summary>One of the week's biggest changes and, when a dimension explains it, its driver.</summary>
internal sealed record KpiMove(SummaryKpi Kpi, KpiDriver? Driver);

/// <summary>The week's biggest KPI changes and the channel, touchpoint or service channel that moved each most.</summary>
internal sealed class KpiMovers(IJourneyDictionary dictionary, KpiFormat format)
{
    /// <summary>The three biggest changes, biggest first.</summary>
    public IReadOnlyList<KpiMove> Top(IReadOnlyList<SummaryKpi> kpis, KpiFigures f, Language language) =>
        [.. kpis.Where(k => double.IsFinite(Score(k))).OrderByDescending(Score).ThenBy(k => k.Id, StringComparer.Ordinal).Take(3)
            .Select(kpi => new KpiMove(kpi, kpi is { DriverLabel: { } driverLabel, DriverChange: { } driverChange }
                ? new KpiDriver(language == Language.Zh ? "渠道" : "channel", driverLabel, driverChange)
                : Driver(kpi, f, language)))];

    /// <summary>
    /// How big a change is, comparable across KPIs: relative change, except NPS, whose relative change explodes near 0;
    /// there 50 points count as 100%.
    /// </summary>
    public static double Score(SummaryKpi kpi) => kpi.Id == "nps"
        ? (double.IsFinite(kpi.Current) && double.IsFinite(kpi.Previous) ? Math.Abs(kpi.Current - kpi.Previous) / 50 : double.NaN)
        : Math.Abs(kpi.Change);

    private KpiDriver? Driver(SummaryKpi kpi, KpiFigures f, Language language)
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
                return pick is null ? null : new KpiDriver(channelKind, dictionary.Label(DictionaryKind.Channel, pick.Value.Key, language),
                    kpi.Id == "revenue" ? format.SignedCurrency(pick.Value.Delta) : KpiFormat.SignedCount(pick.Value.Delta));
            }

            case "conversion_rate":
            case "aov":
            {
                // Contribution of each channel to the ratio: its numerator over the week's total denominator.
                var (numerator, denominator) = kpi.Id == "conversion_rate" ? ("converters", "people") : ("revenue", "orders");
                var current = Share(f.Conversion, numerator, denominator);
                var previous = Share(f.ConversionPrev, numerator, denominator);
                var pick = Largest(current, previous, kpi.Current - kpi.Previous);
                return pick is null ? null : new KpiDriver(channelKind, dictionary.Label(DictionaryKind.Channel, pick.Value.Key, language),
                    kpi.Id == "aov" ? format.SignedCurrency(pick.Value.Delta) : KpiFormat.SignedPoints(pick.Value.Delta, language));
            }

            case "nps" when f.Nps is not null && f.NpsPrev is not null:
            {
                var column = WeekKpis.NpsColumn(f.Nps) ?? "nps";
                var weight = ResultReader.Find(f.Nps, ColumnRole.Count, "respon", "count");
                var pick = Largest(WeightedShare(f.Nps, "touchpoint", column, weight), WeightedShare(f.NpsPrev, "touchpoint", column, weight), kpi.Current - kpi.Previous);
                return pick is null ? null : new KpiDriver(zh ? "触点" : "touchpoint", dictionary.Label(DictionaryKind.Touchpoint, pick.Value.Key, language),
                    KpiFormat.SignedScore(pick.Value.Delta, language));
            }

            case "median_resolution_hours" when f.Tickets is not null && f.TicketsPrev is not null:
            {
                var dimension = f.Tickets.Columns.FirstOrDefault(c => c.Role == ColumnRole.Dimension)?.Name ?? "service_channel";
                var column = ResultReader.Find(f.Tickets, ColumnRole.Duration, "median") ?? "median_hours";
                var weight = ResultReader.Find(f.Tickets, ColumnRole.Count, "ticket");
                var pick = Largest(WeightedShare(f.Tickets, dimension, column, weight), WeightedShare(f.TicketsPrev, dimension, column, weight), kpi.Current - kpi.Previous);
                return pick is null ? null : new KpiDriver(zh ? "服务渠道" : "service channel", dictionary.Label(DictionaryKind.Channel, pick.Value.Key, language),
                    KpiFormat.SignedHours(pick.Value.Delta, language));
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
}
