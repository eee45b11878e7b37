using System.Reflection;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Charts.Tests;

/// <summary>The kinds a skill file may name and the kinds that are drawn are one list: no kind without a renderer, and back.</summary>
public sealed class ChartKindListTests
{
    private static readonly IReadOnlyList<IChartRenderer> Renderers =
        [.. new ServiceCollection().AddJourneyCharts().BuildServiceProvider().GetServices<IChartRenderer>()];

    [Fact]
    public void Every_kind_a_skill_file_may_name_has_a_renderer()
    {
        var unrendered = ValidatorKinds().Kinds.Where(kind => !Renderers.Any(r => Draws(r, kind))).ToList();

        Assert.Empty(unrendered);
    }

    [Fact]
    public void Every_renderer_kind_and_alias_may_be_named_by_a_skill_file()
    {
        var kinds = ValidatorKinds();
        var unnamed = Renderers.SelectMany(Names).Where(name => !kinds.IsKnown(name)).ToList();

        Assert.Empty(unnamed);
    }

    [Fact]
    public void Chart_kind_constants_are_exactly_the_renderers_kinds()
    {
        var constants = typeof(ChartKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(constants.Order(StringComparer.Ordinal), Renderers.Select(r => r.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_library_skill_chart_kind_has_a_renderer()
    {
        var reader = new SkillFileReader(RenderedChartKinds.Registry());
        var unrendered = Directory.GetFiles(RepoPaths.Skills, "*.yaml")
            .Select(file => (File: Path.GetFileName(file), reader.Read(file).Chart.Kind))
            .Where(skill => !Renderers.Any(r => Draws(r, skill.Kind)))
            .ToList();

        Assert.Empty(unrendered);
    }

    /// <summary>The registry the skill validator reads in a host that has both skills and charts (the CLI, the bot).</summary>
    private static ChartKindRegistry ValidatorKinds()
    {
        using var services = new ServiceCollection()
            .AddJourneySkills(new ConfigurationBuilder().Build(), RepoPaths.Root)
            .AddJourneyCharts()
            .BuildServiceProvider();
        return services.GetRequiredService<ChartKindRegistry>();
    }

    private static IEnumerable<string> Names(IChartRenderer renderer) => renderer.Aliases.Prepend(renderer.Kind);

    private static bool Draws(IChartRenderer renderer, string kind) => Names(renderer).Contains(kind, StringComparer.OrdinalIgnoreCase);
}
