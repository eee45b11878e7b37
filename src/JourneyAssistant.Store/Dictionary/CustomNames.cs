namespace JourneyAssistant.Store.Dictionary;

/// <summary>
/// Ids of custom entries: names a source uses that match no dictionary id or alias. Ingestion keeps such rows and records the
/// name as a custom entry (unmapped) instead of rejecting them, so nothing is lost to vocabulary.
/// </summary>
/// <remarks>
/// The id is <c>custom:</c> followed by the name as first seen (trimmed, full-width ASCII folded to half-width): stable for
/// the same value, readable in SQL and audit, and its label (the user's own name, in both languages) is read from the id
/// itself, so every process labels it without reading the store. Later spellings that differ only in case or width resolve
/// to the first one's id through <c>dict_aliases</c>.
/// </remarks>
public static class CustomNames
{
    /// <summary>Prefix of every custom id.</summary>
    public const string Prefix = "custom:";

    /// <summary>Longest name (in characters) accepted as a custom entry; longer values are rejected with their line.</summary>
    public const int MaxLength = 200;

    /// <summary>Stage of a custom entry whose stage neither the rows nor inference could tell.</summary>
    public const string UnknownStage = "unknown";

    /// <summary>The custom id of a raw name.</summary>
    public static string Id(string raw) => Prefix + Fold(raw);

    /// <summary>True for ids made by <see cref="Id"/>.</summary>
    public static bool IsCustom(string? id) => id is not null && id.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The user's own name behind a custom id (the id itself for other ids).</summary>
    public static string NameOf(string id) => IsCustom(id) ? id[Prefix.Length..] : id;

    /// <summary>Why a raw name cannot become a custom entry (too long, control character), or null when it can.</summary>
    public static string? Problem(string raw)
    {
        if (raw.Length > MaxLength)
        {
            return $"name longer than {MaxLength} characters";
        }

        return raw.Any(char.IsControl) ? "control character in name" : null;
    }

    private static string Fold(string raw)
    {
        var chars = raw.Trim().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(chars[i] - 0xFEE0),
                '\u3000' => ' ',
                var c => c,
            };
        }

        return new string(chars).Trim();
    }
}
