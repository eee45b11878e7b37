using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Reports.Tests;

/// <summary>
/// The retail chain's weekly summary for 2026-W47 in both languages, as golden Markdown: the apparel sample's are
/// <see cref="WeeklySummaryTests"/>' golden files, so together every sample company's summary is pinned.
/// </summary>
public sealed class RetailWeeklySummaryTests(RetailStoreFixture store) : IClassFixture<RetailStoreFixture>
{
    // Only how long the queries took varies: the generated-at line comes from the fixture's fixed clock, so it stays in.
    private static readonly (string, string)[] _scrubbers = [(@"(用时|took) [0-9.]+ (秒|s)", "$1 {elapsed}")];

    [Theory]
    [InlineData(Language.Zh)]
    [InlineData(Language.En)]
    public async Task Retail_weekly_summary_markdown_matches_golden_file(Language language)
    {
        var report = await store.Summary.BuildAsync(new SummaryRequest(SampleCompanies.Week, Language: language));

        Assert.Equal(new DateOnly(2026, 11, 16), report.WeekStart);
        Snapshot.Match(report.Markdown, "md", name: $"Retail_{language.ToString().ToLowerInvariant()}", scrubbers: _scrubbers);
    }
}
