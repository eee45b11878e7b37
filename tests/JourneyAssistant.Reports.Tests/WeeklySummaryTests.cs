using System.Text.RegularExpressions;
using System.Xml.Linq;
using JourneyAssistant.Charts;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Reports.Tests;

/// <summary>The weekly summary on the sample store for a fixed week: golden Markdown, self-contained HTML, audited queries.</summary>
[Collection(SampleStoreCollection.Name)]
public sealed class WeeklySummaryTests(SampleStoreFixture store)
{
    private static readonly (string, string)[] _scrubbers =
    [
        (@"(用时|took) [0-9.]+ (秒|s)", "$1 {elapsed}"),
        (@"(生成于|Generated) \d{4}-\d{2}-\d{2} \d{2}:\d{2}", "$1 {generated_at}"),
    ];

    [Fact]
    public async Task Weekly_summary_markdown_in_chinese_matches_golden_file()
    {
        var report = await store.Summary.BuildAsync(new SummaryRequest("2026-W47", Language: Language.Zh));
        Snapshot.Match(report.Markdown, "md", scrubbers: _scrubbers);
    }

    [Fact]
    public async Task Weekly_summary_markdown_in_english_matches_golden_file()
    {
        var report = await store.Summary.BuildAsync(new SummaryRequest("2026-W47", Language: Language.En));
        Snapshot.Match(report.Markdown, "md", scrubbers: _scrubbers);
    }

    [Fact]
    public async Task Weekly_summary_has_every_section_and_all_required_kpis()
    {
        var report = await store.Summary.BuildAsync(new SummaryRequest("2026-W47", Language: Language.En));
        string[] required = ["people", "conversions", "conversion_rate", "revenue", "aov", "repurchase_rate", "nps", "median_resolution_hours"];
        Assert.Equal(required, report.Kpis.Select(k => k.Id).Where(required.Contains));
        Assert.All(report.Kpis, k => Assert.True(double.IsFinite(k.Current) && double.IsFinite(k.Previous), k.Id + " has both weeks"));
        foreach (var heading in new[] { "## Key metrics", "## Conversion funnel", "## Top 3 changes", "## Anomalies", "## Recommended actions", "## Data notes" })
        {
            Assert.Contains(heading, report.Markdown);
        }

        Assert.Equal(3, Regex.Matches(report.Markdown, @"^\d\. \*\*", RegexOptions.Multiline).Count);
        Assert.Equal(3, Regex.Matches(report.Markdown, @"Owner: .+; metric to watch: .+", RegexOptions.Multiline).Count);
        Assert.DoesNotContain("{{", report.Markdown);
        Assert.Equal(new DateOnly(2026, 11, 16), report.WeekStart);
        Assert.Equal(new DateOnly(2026, 11, 22), report.WeekEnd);
        Assert.EndsWith(".", report.Headline);
        Assert.Contains(report.Charts, c => c.Kind == ChartKinds.Funnel);
    }

    [Fact]
    public async Task Weekly_summary_html_is_self_contained_and_well_formed()
    {
        var report = await store.Summary.BuildAsync(new SummaryRequest("2026-W47", Language: Language.Zh));
        File.WriteAllText(Path.Combine(store.Folder, "weekly-summary.html"), report.Html);

        Assert.Equal(report.Charts.Count, Regex.Matches(report.Html, "src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"").Count);
        Assert.True(report.Charts.Count >= 1);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", report.Html);
        Assert.Contains("<style>", report.Html);
        Assert.Contains("<table>", report.Html);

        // Markdig writes XHTML-style void elements, so the page parses as XML once the doctype is dropped.
        var document = XDocument.Parse(report.Html.Replace("<!DOCTYPE html>", string.Empty));
        Assert.Equal("html", document.Root!.Name.LocalName);
        Assert.Equal(report.Kpis.Count + 1, document.Descendants("tr").Count());
        Assert.Contains(document.Descendants("h1"), h => h.Value.Contains("2026-W47"));
    }

    [Fact]
    public async Task Weekly_summary_runs_every_query_through_the_audited_executor()
    {
        await store.Summary.BuildAsync(new SummaryRequest("2026-W47", Language: Language.Zh, User: "audit-probe"));
        var audit = store.Services.GetRequiredService<IAuditLog>();
        var records = await audit.QueryAsync(new AuditQuery(Last: 100, User: "audit-probe"));
        var skills = records.Select(r => r.SkillId).ToHashSet();
        Assert.Contains(WeeklySummary.SkillIds.Conversion, skills);
        Assert.Contains(WeeklySummary.SkillIds.Funnel, skills);
        Assert.Contains(records, r => r.SkillId is null && r.Sql.Contains("max(local_date)"));
        Assert.Contains(records, r => r.Parameters.Contains("2026-11-16"));
    }

    [Fact]
    public async Task Planted_mini_program_payment_drop_is_named_as_the_driver()
    {
        // sample-data/README.md, planted problem 3: W47's payment drop comes from the mini-program.
        var report = await store.Summary.BuildAsync(new SummaryRequest("2026-W47", Language: Language.En));
        var payment = Assert.Single(report.Kpis, k => k.Id == "payment_success_rate");
        Assert.True(payment.Current < payment.Previous);
        Assert.Equal("Mini Program", payment.DriverLabel);
    }

    [Fact]
    public async Task Partial_week_is_flagged_in_the_caveats()
    {
        // The sample data ends on 2026-11-22, so the week after it has no data at all.
        var report = await store.Summary.BuildAsync(new SummaryRequest("2026-W48", Language: Language.En));
        Assert.Contains(report.Caveats, c => c.Contains("No data for this week") || c.Contains("Partial week"));
    }

    [Fact]
    public async Task As_of_date_picks_the_last_complete_week()
    {
        var midWeek = await store.Summary.BuildAsync(new SummaryRequest(AsOf: new DateOnly(2026, 11, 19), Language: Language.En));
        Assert.Equal("2026-W46", midWeek.Week);
        var sunday = await store.Summary.BuildAsync(new SummaryRequest(AsOf: new DateOnly(2026, 11, 22), Language: Language.En));
        Assert.Equal("2026-W47", sunday.Week);
    }

    [Fact]
    public async Task Malformed_week_is_rejected_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Summary.BuildAsync(new SummaryRequest("2026-47", Language: Language.Zh)));
        Assert.Contains("2026-W47", error.Message);
    }

    [Fact]
    public async Task Every_library_skill_result_renders_as_a_chart_on_sample_data()
    {
        var catalog = store.Services.GetRequiredService<ISkillCatalog>();
        var executor = store.Services.GetRequiredService<ISkillExecutor>();
        var charts = store.Services.GetRequiredService<IJourneyCharts>();
        var folder = Path.Combine(RepoPaths.Root, "tests", "JourneyAssistant.Reports.Tests", "artifacts");
        Assert.NotEmpty(catalog.Skills);
        foreach (var skill in catalog.Skills)
        {
            var result = await executor.RunAsync(skill, new Dictionary<string, object?> { ["period"] = "2026-08-01..2026-11-22" }
                .Where(a => skill.Parameter(a.Key) is not null).ToDictionary(), ExecutionContext.Local("chart test", new DateOnly(2026, 11, 22)));
            var image = charts.Render(result, Language.Zh);
            image.SaveAs(Path.Combine(folder, $"{nameof(Every_library_skill_result_renders_as_a_chart_on_sample_data)}-{skill.Id}.png"));
            Assert.True(image.Png.Length is > 1000 and <= 200 * 1024, $"{skill.Id}: {image.Png.Length} bytes");
        }
    }
}
