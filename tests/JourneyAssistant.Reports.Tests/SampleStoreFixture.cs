using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Reports.Tests;

/// <summary>
/// The real sample store (built from sample-data/ by the store's bootstrapper into a scratch folder, so it never
/// races other test runs over data/), with the library skills, the guarded executor, its audit log and the reports.
/// </summary>
public sealed class SampleStoreFixture : IAsyncLifetime
{
    /// <summary>A fixed clock (Monday after W47, 09:00 Shanghai) so the generated-at line is stable.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    public string Folder { get; } = RepoPaths.NewScratchFolder("reports-store");

    public ServiceProvider Services { get; private set; } = null!;

    public IWeeklySummary Summary => Services.GetRequiredService<IWeeklySummary>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Path"] = Path.Combine(Folder, "journey.duckdb"),
                ["Store:SeedSample"] = "Always",
                ["Skills:AuditPath"] = Path.Combine(Folder, "audit.duckdb"),
            })
            .Build();
        Services = ReportServices(configuration);
        await Services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync();
    }

    /// <summary>The store, the library skills and the reports over <paramref name="configuration"/>, on the fixed clock <see cref="Now"/>.</summary>
    public static ServiceProvider ReportServices(IConfiguration configuration) => new ServiceCollection()
        .AddLogging()
        .AddSingleton<TimeProvider>(new FakeTimeProvider(Now))
        .AddJourneyStore(configuration, RepoPaths.Root)
        .AddJourneySkills(configuration, RepoPaths.Root)
        .AddJourneyReports(configuration, RepoPaths.Root)
        .BuildServiceProvider();

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind in temp is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SampleStoreCollection : ICollectionFixture<SampleStoreFixture>
{
    public const string Name = "sample store";
}
