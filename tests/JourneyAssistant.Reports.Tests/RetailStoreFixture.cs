using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Reports.Tests;

/// <summary>
/// The retail chain's real store (<see cref="SampleCompanies.Retail"/>: its own names, 2,000 people) with the library
/// skills and the reports, on the same fixed clock as <see cref="SampleStoreFixture"/>.
/// </summary>
public sealed class RetailStoreFixture : IAsyncLifetime
{
    public string Folder { get; } = RepoPaths.NewScratchFolder("reports-retail");

    public ServiceProvider Services { get; private set; } = null!;

    public IWeeklySummary Summary => Services.GetRequiredService<IWeeklySummary>();

    public async Task InitializeAsync()
    {
        var store = await SampleCompanies.BuildAsync(SampleCompanies.Retail, Folder);
        var configuration = StoreConfiguration.For(store, Folder);
        Services = SampleStoreFixture.ReportServices(configuration);
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();
}
