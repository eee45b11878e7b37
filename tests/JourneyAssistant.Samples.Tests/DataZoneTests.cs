using JourneyAssistant.Samples.Apparel;
using JourneyAssistant.Samples.Retail;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Samples.Tests;

/// <summary>`db info` says when the data's days are another zone's: the retail chain exports whole UTC days, reported in Asia/Shanghai.</summary>
public sealed class DataZoneTests
{
    private static async Task<StoreInfo> IngestAsync(string purpose, IReadOnlyList<string> files, StoreOptions? options = null)
    {
        var folder = RepoPaths.NewScratchFolder(purpose);
        options ??= new StoreOptions();
        options.Path = Path.Combine(folder, "journey.duckdb");
        options.PiiKey = "sample-test-key-0123456789";
        options.Threads = 2;
        options.MemoryLimit = "1GB";
        var store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());
        await new IngestionService(store).IngestAsync(files);
        return await new StoreInfoService(store).ReadAsync();
    }

    [Fact]
    public async Task Data_recorded_in_utc_and_reported_in_shanghai_is_reported_with_its_partial_last_day()
    {
        var manifest = RetailSampleGenerator.Write(new SampleOptions(People: 6_000, Days: 28), RepoPaths.NewScratchFolder("zone-retail-data"));

        var info = await IngestAsync("zone-retail", manifest.Sample.Files);

        Assert.NotNull(info.DataZone);
        Assert.True(info.DataZone.Differs);
        Assert.Equal(("UTC", "Asia/Shanghai", false, true), (info.DataZone.DataZone, info.DataZone.ReportingZone, info.DataZone.FirstDayPartial, info.DataZone.LastDayPartial));
        Assert.Equal("data recorded in UTC, reported in Asia/Shanghai: the last day is partial", info.DataZone.Message(Language.En));
        Assert.Equal("数据按 UTC 记录，按 Asia/Shanghai 报告：最后一天只有部分数据。", info.DataZone.Message(Language.Zh));
    }

    [Fact]
    public async Task Same_data_reported_in_utc_has_nothing_to_report()
    {
        var manifest = RetailSampleGenerator.Write(new SampleOptions(People: 6_000, Days: 28), RepoPaths.NewScratchFolder("zone-utc-data"));

        var info = await IngestAsync("zone-utc", manifest.Sample.Files, new StoreOptions { ReportingTimeZone = "UTC" });

        Assert.NotNull(info.DataZone);
        Assert.False(info.DataZone.Differs);
        Assert.Null(info.DataZone.Message(Language.En));
    }

    [Fact]
    public async Task Data_in_local_days_has_nothing_to_report_and_the_install_currency_is_shown()
    {
        var manifest = ApparelSampleGenerator.Write(new SampleOptions(People: 3_000, Days: 28, Canonical: true, Noise: false), RepoPaths.NewScratchFolder("zone-apparel-data"));

        var info = await IngestAsync("zone-apparel", manifest.Files, new StoreOptions { Currency = new CurrencyOptions { Code = "USD", Symbol = "$" } });

        Assert.NotNull(info.DataZone);
        Assert.False(info.DataZone.Differs);
        Assert.Equal(new Currency("USD", "$"), info.Currency);
    }
}
