using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Tests;

public sealed class NumberTextTests
{
    [Theory]
    [InlineData("-0.0%", "0.0%")]
    [InlineData("-0", "0")]
    [InlineData("-0.00", "0.00")]
    [InlineData("¥-0.00", "¥0.00")]
    [InlineData("-0.0 小时", "0.0 小时")]
    [InlineData("-0.1%", "-0.1%")]
    [InlineData("-1,234", "-1,234")]
    [InlineData("-10", "-10")]
    [InlineData("after-sales", "after-sales")]
    [InlineData("2026-11-09", "2026-11-09")]
    [InlineData("-", "-")]
    [InlineData("0.0%", "0.0%")]
    public void A_formatted_zero_loses_its_minus_and_nothing_else_changes(string formatted, string shown) =>
        Assert.Equal(shown, NumberText.WithoutNegativeZero(formatted));
}
