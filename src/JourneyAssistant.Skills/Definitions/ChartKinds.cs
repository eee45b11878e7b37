namespace JourneyAssistant.Skills.Definitions;

/// <summary>Adds a chart kind that skill files may name (registered in DI; the chart project registers its renderers' kinds).</summary>
public sealed record ChartKindRegistration(string Kind);

/// <summary>The chart kinds a skill's `chart.kind` may use: a registry, so a new kind is a registration, not a code edit.</summary>
/// <remarks>
/// It holds no list of its own: the kinds are whatever the chart project registers (each renderer's kind and aliases),
/// so the kinds a skill file may name and the kinds that are drawn are one list and cannot disagree.
/// </remarks>
public sealed class ChartKindRegistry(IEnumerable<ChartKindRegistration> registrations)
{
    private readonly HashSet<string> _kinds = new(registrations.Select(r => r.Kind), StringComparer.OrdinalIgnoreCase);

    /// <summary>All known kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => [.. _kinds.Order(StringComparer.Ordinal)];

    public bool IsKnown(string kind) => _kinds.Contains(kind);
}
