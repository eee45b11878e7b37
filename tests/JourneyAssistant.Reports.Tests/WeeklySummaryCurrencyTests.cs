using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Reports.Tests;

/// <summary>The weekly summary shows revenue and AOV in the install's currency (Store:Currency).</summary>
[Collection(SampleStoreCollection.Name)]
public sealed class WeeklySummaryCurrencyTests(SampleStoreFixture store)
{
    [Fact]
    public async Task Revenue_and_aov_are_shown_in_the_configured_currency()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Path"] = Path.Combine(store.Folder, "journey.duckdb"),
                ["Skills:AuditPath"] = Path.Combine(RepoPaths.NewScratchFolder("reports-currency"), "audit.duckdb"),
                ["Store:Currency:Code"] = "USD",
                ["Store:Currency:Symbol"] = "$",
            })
            .Build();
        await using var services = SampleStoreFixture.ReportServices(configuration);

        var report = await services.GetRequiredService<IWeeklySummary>().BuildAsync(new SummaryRequest("2026-W47", Language: Language.En));

        var revenue = report.Kpis.Single(k => k.Id == "revenue");
        Assert.StartsWith("$", revenue.CurrentText);
        Assert.StartsWith("$", report.Kpis.Single(k => k.Id == "aov").CurrentText);
        Assert.Contains(revenue.CurrentText, report.Markdown);
        Assert.DoesNotContain("¥", report.Markdown);
    }
}
