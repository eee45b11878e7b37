using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Store.Tests;

/// <summary>Store:Currency is the install's: bound from configuration, CNY/¥ by default, a bad value refused at start-up with its key named.</summary>
public sealed class CurrencyOptionsTests
{
    private static StoreOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddJourneyStore(configuration, Path.GetTempPath()).BuildServiceProvider();
        return services.GetRequiredService<IOptions<StoreOptions>>().Value;
    }

    [Fact]
    public void Default_currency_is_yuan()
    {
        Assert.Equal(new Currency("CNY", "¥"), Bind([]).Currency.ToCurrency());
    }

    [Fact]
    public void Configured_currency_is_bound()
    {
        var options = Bind(new() { ["Store:Currency:Code"] = "EUR", ["Store:Currency:Symbol"] = "€" });

        Assert.Equal(new Currency("EUR", "€"), options.Currency.ToCurrency());
    }

    [Theory]
    [InlineData("usd", "$", "Store:Currency:Code")]
    [InlineData("USD", "US dollars", "Store:Currency:Symbol")]
    public void Bad_currency_is_refused_naming_the_key(string code, string symbol, string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Store:Currency:Code"] = code, ["Store:Currency:Symbol"] = symbol }));

        Assert.Contains(key, error.Message);
    }
}
