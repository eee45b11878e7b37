using System.Globalization;

namespace JourneyAssistant.Store.Localization;

/// <summary>The currency money figures are shown in: an ISO 4217 code and the symbol written before amounts.</summary>
public sealed record Currency(string Code, string Symbol)
{
    /// <summary>What an install shows when it configures nothing: Chinese yuan.</summary>
    public static readonly Currency Default = new("CNY", "¥");

    /// <summary>An amount with the symbol in front: ¥1,234.50, −US$12.00 (<paramref name="format"/> is a .NET numeric format).</summary>
    public string Format(double value, string format = "#,0.00") =>
        (value < 0 ? "-" : "") + Symbol + Math.Abs(value).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The currency whose symbol a result column carries in its unit; the default when the column carries none.</summary>
    public static Currency FromSymbol(string? symbol) =>
        string.IsNullOrEmpty(symbol) || symbol == Default.Symbol ? Default : new Currency("", symbol);
}
