using System.Globalization;
using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>How a KPI's value is shown, and so how its change is worded.</summary>
internal enum KpiKind
{
    Count,
    Currency,
    Percent,
    Points,
    Hours,
}

/// <summary>KPI values, week-over-week changes and driver contributions as the summary prints them; money in the install's currency.</summary>
internal sealed class KpiFormat(string currencySymbol)
{
    public string Value(double value, KpiKind kind, Language language) => !double.IsFinite(value)
        ? "–"
        : kind switch
        {
            KpiKind.Count => ValueFormat.Count(value),
            KpiKind.Currency => ValueFormat.Currency(value, currencySymbol),
            KpiKind.Percent => ValueFormat.Percent(value),
            KpiKind.Points => Points(value),
            _ => ValueFormat.Duration(value, "hours", language),
        };

    public static string Change(double current, double previous, KpiKind kind, Language language)
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

    /// <summary>A driver's share of the change, in the KPI's own unit.</summary>
    public string Contribution(double value, KpiKind kind, Language language) => kind switch
    {
        KpiKind.Count => SignedCount(value),
        KpiKind.Currency => SignedCurrency(value),
        KpiKind.Percent => SignedPoints(value, language),
        KpiKind.Points => SignedScore(value, language),
        _ => SignedHours(value, language),
    };

    public static string SignedCount(double delta) => (delta >= 0 ? "+" : "−") + ValueFormat.Count(Math.Abs(delta));

    public string SignedCurrency(double delta) => (delta >= 0 ? "+" : "−") + ValueFormat.Currency(Math.Abs(delta), currencySymbol);

    /// <summary>A change in a rate (0.0123 = +1.23 percentage points).</summary>
    public static string SignedPoints(double delta, Language language) =>
        (delta >= 0 ? "+" : "−") + Math.Abs(delta * 100).ToString("0.00", CultureInfo.InvariantCulture) + (language == Language.Zh ? " 个百分点" : " pp");

    /// <summary>A change in a score such as NPS.</summary>
    public static string SignedScore(double delta, Language language) =>
        (delta >= 0 ? "+" : "−") + Math.Abs(delta).ToString("0.0", CultureInfo.InvariantCulture) + (language == Language.Zh ? " 分" : " pts");

    public static string SignedHours(double delta, Language language) =>
        (delta >= 0 ? "+" : "−") + ValueFormat.Duration(Math.Abs(delta), "hours", language);

    // Rounded first so a tiny negative never prints as "-0.0".
    private static string Points(double value)
    {
        var rounded = Math.Round(value, 1);
        return (rounded == 0 ? 0 : rounded).ToString("0.0", CultureInfo.InvariantCulture);
    }
}
