using System.Globalization;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts.Rendering;

/// <summary>Formats numbers by column role the way answers do: 11,243 · 68.1% · ¥1,234 · 3.2 小时.</summary>
public static class ValueFormat
{
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    public static string Format(double value, ResultColumn column, Language language)
    {
        if (!double.IsFinite(value))
        {
            return "–";
        }

        return NumberText.WithoutNegativeZero(column.Role switch
        {
            ColumnRole.Percent => Percent(value),
            ColumnRole.Currency => Currency(value, column.Unit),
            ColumnRole.Count => Count(value),
            ColumnRole.Duration => Duration(value, column.Unit, language),
            _ => Math.Abs(value) >= 1000 || value == Math.Round(value)
                ? value.ToString("#,0", _invariant)
                : value.ToString("#,0.##", _invariant),
        });
    }

    /// <summary>A 0..1 fraction as a percentage with one decimal.</summary>
    public static string Percent(double fraction) => NumberText.WithoutNegativeZero((fraction * 100).ToString("0.0", _invariant)) + "%";

    public static string Count(double value) => value.ToString("#,0", _invariant);

    /// <summary>Money with the symbol a result column carries (<see cref="Store.Localization.Currency.FromSymbol"/>; ¥ when none).</summary>
    public static string Currency(double value, string? symbol = null) =>
        (symbol ?? Store.Localization.Currency.Default.Symbol) + value.ToString(Math.Abs(value) >= 10000 ? "#,0" : "#,0.00", _invariant);

    public static string Duration(double value, string? unit, Language language)
    {
        var number = value.ToString("#,0.0", _invariant);
        return (unit?.ToLowerInvariant(), language) switch
        {
            ("minutes", Language.Zh) => number + " 分钟",
            ("minutes", _) => number + " min",
            ("days", Language.Zh) => number + " 天",
            ("days", _) => number + " d",
            (_, Language.Zh) => number + " 小时",
            _ => number + " h",
        };
    }

    /// <summary>A signed relative change: +12.3% / −4.5%.</summary>
    public static string Change(double fraction)
    {
        if (!double.IsFinite(fraction))
        {
            return "–";
        }

        var percent = Math.Round(fraction * 100, 1);
        return (percent >= 0 ? "+" : "−") + Math.Abs(percent).ToString("0.0", _invariant) + "%";
    }
}
