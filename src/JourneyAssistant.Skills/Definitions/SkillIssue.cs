namespace JourneyAssistant.Skills.Definitions;

/// <summary>A problem found in a skill file, with the place it was found (1-based line; 0 when not tied to a line).</summary>
public sealed record SkillIssue(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Thrown when a skill file cannot be loaded; carries every issue found.</summary>
public sealed class SkillFileException(IReadOnlyList<SkillIssue> issues)
    : Exception(string.Join(Environment.NewLine, issues))
{
    public IReadOnlyList<SkillIssue> Issues { get; } = issues;
}
