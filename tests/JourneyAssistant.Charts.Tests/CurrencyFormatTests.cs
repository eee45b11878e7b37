using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using ScottPlot.TickGenerators;

namespace JourneyAssistant.Charts.Tests;

/// <summary>Chart axes and table cells show money in the currency the result's money column carries.</summary>
public sealed class CurrencyFormatTests
{
    private static ResultColumn Revenue(string? unit) => new("revenue", ColumnRole.Currency, LocalizedText.Both("Revenue"), Unit: unit);

    [Theory]
    [InlineData("$", "$12,000")]
    [InlineData("€", "€12,000")]
    [InlineData(null, "¥12,000")]
    public void Value_axis_ticks_use_the_columns_currency(string? unit, string expected)
    {
        var plot = new ScottPlot.Plot();

        ChartFrame.ValueTicks(plot.Axes.Left, Revenue(unit));

        var ticks = Assert.IsType<NumericAutomatic>(plot.Axes.Left.TickGenerator);
        Assert.Equal(expected, ticks.LabelFormatter(12_000));
    }

    [Fact]
    public void Table_cells_use_the_columns_currency()
    {
        Assert.Equal("$1,234.50", ValueFormat.Format(1234.5, Revenue("$"), Language.En));
        Assert.Equal("¥1,234.50", ValueFormat.Format(1234.5, Revenue(null), Language.Zh));
        Assert.Equal("HK$56,789", ValueFormat.Format(56_789, Revenue("HK$"), Language.Zh));
    }
}
