using JourneyAssistant.Analyst;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Retail;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>
/// Two differently shaped stores, each behind a full analyst: our sample (apparel, our names, 22k people) and a retail
/// chain's canonical export with its own names (custom touchpoints, Facebook/Instagram channels), ingested on its own.
/// </summary>
public sealed class TwoStores : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    private ServiceProvider? _sample;
    private ServiceProvider? _retail;

    public string Scratch { get; } = RepoPaths.NewScratchFolder("metrics");

    public RetailTruth RetailTruth { get; private set; } = new();

    public IAnalyst Sample => _sample!.GetRequiredService<IAnalyst>();

    public IAnalyst Retail => _retail!.GetRequiredService<IAnalyst>();

    public async Task InitializeAsync()
    {
        _sample = await BuildAsync(Path.Combine(Scratch, "sample"), null);
        var files = Path.Combine(Scratch, "retail-files");
        var manifest = RetailSampleGenerator.Write(new SampleOptions(People: 2000, Seed: 42, EndDate: new DateOnly(2026, 11, 22)), files);
        RetailTruth = manifest.Truth;
        var store = Path.Combine(Scratch, "retail.duckdb");
        var configuration = Configuration(Path.Combine(Scratch, "retail-ingest"), store);
        await using (var ingest = new ServiceCollection().AddLogging().AddJourneyStore(configuration, RepoPaths.Root).BuildServiceProvider())
        {
            await ingest.GetRequiredService<IngestionService>().IngestAsync(Directory.EnumerateFiles(files, "*.csv").Order(StringComparer.Ordinal).ToList(), null, null);
        }

        _retail = await BuildAsync(Path.Combine(Scratch, "retail"), store);
    }

    public IAnalyst Of(string store) => store == "retail" ? Retail : Sample;

    public ISkillExecutor ExecutorOf(string store) => (store == "retail" ? _retail! : _sample!).GetRequiredService<ISkillExecutor>();

    public ISkillCatalog CatalogOf(string store) => (store == "retail" ? _retail! : _sample!).GetRequiredService<ISkillCatalog>();

    public Task<Answer> AskAsync(string store, string text, string? conversation = null) =>
        Of(store).AskAsync(new Question(text, "tester", "test", conversation, AsOf));

    /// <summary>One number computed by hand-written SQL over the analysis views: the truth a metric answer is checked against.</summary>
    public async Task<double> ScalarAsync(string store, string sql)
    {
        var result = await ExecutorOf(store).RunAdhocAsync(sql, ExecutionContext.Local("truth", AsOf));
        return Convert.ToDouble(result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync()
    {
        _sample?.Dispose();
        _retail?.Dispose();
        return Task.CompletedTask;
    }

    private static IConfiguration Configuration(string scratch, string? store)
    {
        Directory.CreateDirectory(scratch);
        var values = new Dictionary<string, string?>
        {
            ["Skills:AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
            ["Analyst:ChartDirectory"] = Path.Combine(scratch, "charts"),
        };
        if (store is not null)
        {
            values["Store:Path"] = store;
        }

        return new ConfigurationBuilder().SetBasePath(RepoPaths.Root).AddJsonFile("appsettings.json", optional: true).AddInMemoryCollection(values).Build();
    }

    private static async Task<ServiceProvider> BuildAsync(string scratch, string? store)
    {
        var configuration = Configuration(scratch, store);
        var provider = new ServiceCollection().AddLogging().AddSingleton(configuration).AddJourneyAnalyst(configuration, RepoPaths.Root).BuildServiceProvider();
        await provider.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync();
        return provider;
    }
}

[CollectionDefinition(Name)]
public sealed class TwoStoresCollection : ICollectionFixture<TwoStores>
{
    public const string Name = "two stores";
}
