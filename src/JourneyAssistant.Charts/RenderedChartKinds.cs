using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Charts;

/// <summary>The chart kinds skill files may name: each renderer's kind and aliases, so the renderers are the one list.</summary>
public static class RenderedChartKinds
{
    /// <summary>Every renderer class in this assembly, by name: discovery instead of a list, a new kind is a new class.</summary>
    internal static IReadOnlyList<Type> RendererTypes { get; } = [.. typeof(IChartRenderer).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IChartRenderer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>One registration per name a renderer answers to, for the skills' <see cref="ChartKindRegistry"/>.</summary>
    public static IReadOnlyList<ChartKindRegistration> Registrations { get; } = [.. RendererTypes
        .Select(type => Activator.CreateInstance(type))
        .OfType<IChartRenderer>()
        .SelectMany(renderer => renderer.Aliases.Prepend(renderer.Kind))
        .Select(kind => new ChartKindRegistration(kind))];

    /// <summary>A registry of exactly these kinds, for readers of skill files outside the service container (tests, tools).</summary>
    public static ChartKindRegistry Registry() => new(Registrations);
}
