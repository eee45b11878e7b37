namespace JourneyAssistant.Metrics.Definitions;

/// <summary>A problem in a metric or dimension file, with its 1-based line (0 when not tied to a line).</summary>
public sealed record MetricIssue(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Thrown when a metric or dimension file cannot be loaded; carries every issue found.</summary>
public sealed class MetricFileException(IReadOnlyList<MetricIssue> issues) : Exception(string.Join(Environment.NewLine, issues))
{
    public IReadOnlyList<MetricIssue> Issues { get; } = issues;
}
