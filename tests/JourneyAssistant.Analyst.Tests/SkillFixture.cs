using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Charts;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>The repository's real skill files and dictionary, loaded once (no database needed for routing).</summary>
public static class SkillFixture
{
    private static readonly Lazy<IReadOnlyList<SkillDefinition>> LazySkills = new(() =>
    {
        // The chart kinds skill files may name are registered by the charts module, as in production.
        using var services = new ServiceCollection().AddJourneyCharts().BuildServiceProvider();
        var reader = new SkillFileReader(new ChartKindRegistry(services.GetServices<ChartKindRegistration>()));
        return Directory.GetFiles(RepoPaths.Skills, "*.yaml").Order(StringComparer.Ordinal).Select(reader.Read).ToList();
    });

    public static IReadOnlyList<SkillDefinition> Skills => LazySkills.Value;

    public static readonly IJourneyDictionary Dictionary = JourneyDictionary.LoadEmbedded();

    public static readonly EntityExtractor Entities = new(Dictionary);

    public static readonly FactExtractor Facts = new(Entities);

    private static readonly Lazy<OfflineRouter> LazyRouter = new(() => SkillRouter.Build(Skills, new AnalystOptions().ConfidenceThreshold, Entities, new AnalystOptions().MinCoverage));

    public static OfflineRouter Router => LazyRouter.Value;

    public static SkillDefinition Skill(string id) => Skills.Single(s => s.Id == id);
}
