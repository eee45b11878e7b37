namespace JourneyAssistant.Store.Vocabulary;

/// <summary>
/// How one name (a custom or a canonical id) is used in the stored events: what a mapping suggestion is judged against.
/// </summary>
/// <param name="Kind">touchpoint, event or channel (<see cref="Dictionary.DictionaryKind"/>).</param>
/// <param name="Id">The stored id: canonical, or <c>custom:&lt;name&gt;</c> for a name no id or alias matched.</param>
/// <param name="Rows">Events carrying it.</param>
/// <param name="Stages">Events per stage id.</param>
/// <param name="Channels">Events per channel id (for touchpoints and events: where the name is used).</param>
/// <param name="AmountShare">Share of its events with a positive amount.</param>
/// <param name="Position">Mean position in the person's journey, 0 = first event, 1 = last.</param>
public sealed record NameObservation(
    string Kind,
    string Id,
    long Rows,
    IReadOnlyDictionary<string, long> Stages,
    IReadOnlyDictionary<string, long> Channels,
    double AmountShare,
    double Position)
{
    /// <summary>The prefix of the ids ingestion gives names it could not map (docs/DICTIONARY.md).</summary>
    public const string CustomPrefix = "custom:";

    /// <summary>True for a name no id or alias matched when it was ingested.</summary>
    public bool IsUnmapped => Id.StartsWith(CustomPrefix, StringComparison.Ordinal);

    /// <summary>The name as the source wrote it (the id without its prefix for a custom name).</summary>
    public string Name => IsUnmapped ? Id[CustomPrefix.Length..] : Id;

    /// <summary>The stage most of its events carry, unless it is unknown.</summary>
    public string? Stage => Stages.Where(s => s.Key != "unknown").OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key).FirstOrDefault();
}
