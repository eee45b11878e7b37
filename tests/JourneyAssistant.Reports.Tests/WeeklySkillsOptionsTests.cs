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
        var bound = Bound(new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json")));

        Assert.Equal(new WeeklySkillsOptions().InRecommendationOrder(), bound.InRecommendationOrder());
        Assert.Equal(
            [WeeklySummary.SkillIds.Funnel, WeeklySummary.SkillIds.Kpis, WeeklySummary.SkillIds.Conversion, WeeklySummary.SkillIds.Nps,
                WeeklySummary.SkillIds.Tickets, WeeklySummary.SkillIds.Repurchase, WeeklySummary.SkillIds.Anomalies],
            bound.InRecommendationOrder());
    }

    [Fact]
    public void A_configured_skill_replaces_the_default()
    {
        var bound = Bound(Settings("Reports:WeeklySkills:Funnel", "funnel_adaptive"));

        Assert.Equal("funnel_adaptive", bound.Funnel);
        Assert.Equal(WeeklySummary.SkillIds.Conversion, bound.Conversion);
    }

    [Fact]
    public void A_blank_weekly_skill_fails_validation() =>
        Assert.Throws<OptionsValidationException>(() => Bound(Settings("Reports:WeeklySkills:Nps", "")));

    private static IConfigurationBuilder Settings(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });

    // Through AddJourneyReports, so the binding and the start-up validation are the ones the hosts get.
    private static WeeklySkillsOptions Bound(IConfigurationBuilder settings)
    {
        using var services = new ServiceCollection().AddJourneyReports(settings.Build(), RepoPaths.Root).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ReportsOptions>>().Value.WeeklySkills;
    }
}
