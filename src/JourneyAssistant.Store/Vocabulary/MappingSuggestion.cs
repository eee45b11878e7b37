using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Vocabulary;

/// <summary>One piece of evidence for or against a mapping, -1 (against) … 1 (for), with its reason in both languages.</summary>
/// <param name="Kind">name, stage, kind, amount, channels or position.</param>
public sealed record SuggestionEvidence(string Kind, double Score, LocalizedText Text);

/// <summary>The best mapping of one unmapped name onto one of our ids, how sure it is, and why.</summary>
/// <param name="Id">The stored custom id (custom:&lt;name&gt;).</param>
/// <param name="Target">Our id it most likely means; null when nothing of ours resembles it at all.</param>
/// <param name="Confidence">0..1; below the minimum the name stays the user's own (a new entry).</param>
public sealed record MappingSuggestion(
    string Kind,
    string Id,
    string Name,
    long Rows,
    string? Target,
    double Confidence,
    IReadOnlyList<SuggestionEvidence> Evidence)
{
    /// <summary>True when the suggestion is sure enough to apply at <paramref name="minConfidence"/>.</summary>
    public bool Applies(double minConfidence) => Target is not null && Confidence >= minConfidence;
}
