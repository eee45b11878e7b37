using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Reports.Tests;

/// <summary>The weekly summary of a week with unmapped names owns up to them in its caveats and its markdown (issue 14, item 5).</summary>
public sealed class WeeklySummaryCaveatTests
{
    [Theory]
    [InlineData(Language.Zh, "使用未映射的名称（如 Facebook")]
    [InlineData(Language.En, "use names not mapped to ours (e.g. Facebook")]
    public async Task The_summary_carries_the_unmapped_names_caveat_of_its_week(Language language, string caveat)
    {
        var folder = RepoPaths.NewScratchFolder("reports-caveat");
        var store = await ForeignNamesStore.BuildAsync(folder);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Path"] = store,
                ["Skills:AuditPath"] = Path.Combine(folder, "audit.duckdb"),
            })
            .Build();
        await using var services = SampleStoreFixture.ReportServices(configuration);

        var report = await services.GetRequiredService<IWeeklySummary>().BuildAsync(new SummaryRequest("2026-W47", Language: language));

        var line = Assert.Single(report.Caveats, c => c.Contains(caveat, StringComparison.Ordinal));
        Assert.Matches(@"\d+(\.\d)?%", line);
        Assert.Contains(caveat, report.Markdown);
    }
}
