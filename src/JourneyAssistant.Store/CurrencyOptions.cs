using System.ComponentModel.DataAnnotations;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store;

/// <summary>The install's currency ("Store:Currency"): every money figure and chart axis shows its symbol.</summary>
public sealed class CurrencyOptions
{
    /// <summary>ISO 4217 code, e.g. CNY, USD, EUR.</summary>
    [Required]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Store:Currency:Code must be a three-letter ISO 4217 code such as CNY or USD / 货币代码须为三个大写字母")]
    public string Code { get; set; } = Currency.Default.Code;

    /// <summary>Written before amounts, e.g. ¥, $, €, HK$.</summary>
    [Required]
    [StringLength(4, MinimumLength = 1, ErrorMessage = "Store:Currency:Symbol must be 1 to 4 characters / 货币符号须为 1 到 4 个字符")]
    public string Symbol { get; set; } = Currency.Default.Symbol;

    public Currency ToCurrency() => new(Code, Symbol);
}
