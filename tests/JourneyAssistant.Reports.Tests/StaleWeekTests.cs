using JourneyAssistant.Charts;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Reports.Tests;

/// <summary>The sample data ends on 2026-11-22: a summary asked for months later is of W47, not of an empty calendar week.</summary>
[Collection(SampleStoreCollection.Name)]
public sealed class StaleWeekTests(SampleStoreFixture store)
{
    private WeeklySummary SummaryOn(DateTimeOffset now, string policy) => new(
        store.Services.GetRequiredService<ISkillCatalog>(),
        store.Services.GetRequiredService<ISkillExecutor>(),
        store.Services.GetRequiredService<IJourneyCharts>(),
        store.Services.GetRequiredService<IJourneyDictionary>(),
        Options.Create(new ReportsOptions { StaleDataPolicy = policy }),
        Path.Combine(RepoPaths.Root, "prompts"),
        new FakeTimeProvider(now),
        store.Services.GetService<IOptions<StoreOptions>>());

    [Fact]
    public async Task Summary_with_no_week_named_on_stale_data_is_of_the_last_complete_week_in_the_data()
    {
        var summary = SummaryOn(new DateTimeOffset(2027, 3, 1, 1, 0, 0, TimeSpan.Zero), "data-end");

        var report = await summary.BuildAsync(new SummaryRequest(Language: Language.Zh));
        var explicitAsOf = await summary.BuildAsync(new SummaryRequest(AsOf: new DateOnly(2027, 3, 1), Language: Language.Zh));

        Assert.Equal("2026-W47", report.Week);
        Assert.Equal("2027-W08", explicitAsOf.Week); // an explicit as-of date wins
    }

    [Fact]
    public async Task Clock_policy_summarises_the_last_calendar_week()
    {
        var summary = SummaryOn(new DateTimeOffset(2027, 3, 1, 1, 0, 0, TimeSpan.Zero), "clock");

        var report = await summary.BuildAsync(new SummaryRequest(Language: Language.En));

        Assert.Equal("2027-W08", report.Week);
    }
}
