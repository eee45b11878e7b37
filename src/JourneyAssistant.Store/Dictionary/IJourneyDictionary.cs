using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Dictionary;

/// <summary>The kinds of dictionary entry: what a value in a channel/touchpoint/stage/event column means.</summary>
public static class DictionaryKind
{
    public const string Stage = "stage";
    public const string Channel = "channel";
    public const string Touchpoint = "touchpoint";
    public const string Event = "event";
}

/// <summary>One dictionary entry: a canonical id, its labels and aliases.</summary>
/// <param name="Kind">One of <see cref="DictionaryKind"/>.</param>
/// <param name="Category">Channel kind (paid/owned/offline/service), or the stage of a touchpoint/event.</param>
/// <param name="Order">Position in the journey (stages, touchpoints); 0 when not ordered.</param>
/// <param name="Touchpoint">Default touchpoint of an event.</param>
/// <param name="IsConversion">True for events that count as a purchase.</param>
/// <param name="Unmapped">True for custom entries (<see cref="CustomNames"/>): a source's own name that no id or alias matched.</param>
/// <param name="ConversionCandidate">A custom event seen with a positive amount: offered as a conversion, never made one silently.</param>
public sealed record DictionaryEntry(
    string Kind,
    string Id,
    LocalizedText Label,
    IReadOnlyList<string> Aliases,
    string? Category = null,
    int Order = 0,
    string? Touchpoint = null,
    bool IsConversion = false,
    bool Unmapped = false,
    bool ConversionCandidate = false)
{
    /// <summary>A touchpoint's place in the funnel when an overlay pins it (1 = entry); null lets the data decide.</summary>
    public int? FunnelStep { get; init; }
}

/// <summary>The store's shared vocabulary (Dictionary/dictionary.yaml): labels for answers, aliases for ingestion and routing.</summary>
public interface IJourneyDictionary
{
    /// <summary>All entries of one kind, in journey order where one exists.</summary>
    IReadOnlyList<DictionaryEntry> Entries(string kind);

    /// <summary>The entry whose id or alias equals <paramref name="text"/> (case- and width-insensitive), or null.</summary>
    DictionaryEntry? Resolve(string kind, string text);

    /// <summary>The label of an id in a language; the id itself when unknown.</summary>
    string Label(string kind, string id, Language language);
}
