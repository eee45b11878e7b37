using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Reports.Tests;

/// <summary>The skills the weekly summary runs come from Reports:WeeklySkills; the shipped settings match the defaults.</summary>
public sealed class WeeklySkillsOptionsTests
{
    [Fact]
    public void Shipped_settings_name_the_default_weekly_skills()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json")).Build();
        using var services = new ServiceCollection().AddJourneyReports(configuration, RepoPaths.Root).BuildServiceProvider();

        var bound = services.GetRequiredService<IOptions<ReportsOptions>>().Value.WeeklySkills;

        Assert.Equal(new WeeklySkillsOptions().InRecommendationOrder(), bound.InRecommendationOrder());
        Assert.Equal(
            [WeeklySummary.SkillIds.Funnel, WeeklySummary.SkillIds.Kpis, WeeklySummary.SkillIds.Conversion, WeeklySummary.SkillIds.Nps,
                WeeklySummary.SkillIds.Tickets, WeeklySummary.SkillIds.Repurchase, WeeklySummary.SkillIds.Anomalies],
            bound.InRecommendationOrder());
    }

    [Fact]
    public void A_configured_skill_replaces_the_default()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Reports:WeeklySkills:Funnel"] = "funnel_adaptive" })
            .Build();
        using var services = new ServiceCollection().AddJourneyReports(configuration, RepoPaths.Root).BuildServiceProvider();

        var bound = services.GetRequiredService<IOptions<ReportsOptions>>().Value.WeeklySkills;

        Assert.Equal("funnel_adaptive", bound.Funnel);
        Assert.Equal(WeeklySummary.SkillIds.Conversion, bound.Conversion);
    }

    [Fact]
    public void A_blank_weekly_skill_fails_validation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Reports:WeeklySkills:Nps"] = "" })
            .Build();
        using var services = new ServiceCollection().AddJourneyReports(configuration, RepoPaths.Root).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReportsOptions>>().Value);
    }
}
