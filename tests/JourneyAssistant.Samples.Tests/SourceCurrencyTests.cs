using JourneyAssistant.Samples.Apparel;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Samples.Tests;

/// <summary>A mapping can declare its source's currency; `db info` names the sources whose amounts are not in the install's currency.</summary>
public sealed class SourceCurrencyTests
{
    [Fact]
    public async Task A_source_declared_in_another_currency_is_reported_by_db_info()
    {
        var folder = RepoPaths.NewScratchFolder("source-currency");
        var manifest = ApparelSampleGenerator.Write(new SampleOptions(People: 500, Days: 14, Noise: false), Path.Combine(folder, "sample"));
        var ads = manifest.Mappings.Single(m => Path.GetFileName(m) == "ads.yaml");
        File.AppendAllText(ads, "\ncurrency: { code: USD, symbol: $ }\n");
        var store = new JourneyStore(new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "sample-test-key-0123456789", Threads = 2, MemoryLimit = "1GB" },
            folder, JourneyDictionary.LoadEmbedded());

        await new IngestionService(store).IngestAsync(manifest.Files);
        var info = await new StoreInfoService(store).ReadAsync();

        var foreign = Assert.Single(info.ForeignCurrencies);
        Assert.Equal(new Currency("USD", "$"), foreign.Currency);
        Assert.Equal("ads", foreign.Source);
        Assert.Equal(Currency.Default, info.Currency);
    }

    [Fact]
    public async Task A_bad_currency_in_a_mapping_is_refused_with_the_mapping_named()
    {
        var folder = RepoPaths.NewScratchFolder("source-currency-bad");
        var manifest = ApparelSampleGenerator.Write(new SampleOptions(People: 100, Days: 14, Noise: false), Path.Combine(folder, "sample"));
        var ads = manifest.Mappings.Single(m => Path.GetFileName(m) == "ads.yaml");
        File.AppendAllText(ads, "\ncurrency: { code: dollars, symbol: $ }\n");
        var store = new JourneyStore(new StoreOptions { Path = Path.Combine(folder, "journey.duckdb"), PiiKey = "sample-test-key-0123456789", Threads = 2, MemoryLimit = "1GB" },
            folder, JourneyDictionary.LoadEmbedded());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new IngestionService(store).IngestAsync(manifest.Files));

        Assert.Contains("ads.yaml", error.Message);
        Assert.Contains("ISO 4217", error.Message);
        Assert.False(store.Exists); // a failed first ingest leaves no store behind, so no ads row can have landed
    }
}
