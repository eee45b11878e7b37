namespace JourneyAssistant.Skills.Definitions;

/// <summary>Adds a chart kind that skill files may name (registered in DI; the chart project registers its renderers' kinds).</summary>
public sealed record ChartKindRegistration(string Kind);

/// <summary>The chart kinds a skill's `chart.kind` may use: a registry, so a new kind is a registration, not a code edit.</summary>
public sealed class ChartKindRegistry
{
    /// <summary>The kinds every install knows.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = ["funnel", "bar", "line", "stacked", "heatmap", "table"];

    private readonly HashSet<string> _kinds = new(BuiltIn, StringComparer.OrdinalIgnoreCase);

    public ChartKindRegistry()
    {
    }

    public ChartKindRegistry(IEnumerable<ChartKindRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            _kinds.Add(registration.Kind);
        }
    }

    /// <summary>All known kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => [.. _kinds.Order(StringComparer.Ordinal)];

    public bool IsKnown(string kind) => _kinds.Contains(kind);
}
