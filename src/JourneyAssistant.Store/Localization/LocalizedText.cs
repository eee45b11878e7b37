namespace JourneyAssistant.Store.Localization;

/// <summary>A text in Chinese and English.</summary>
public sealed record LocalizedText(string Zh, string En)
{
    /// <summary>The text in <paramref name="language"/>, falling back to the other when empty.</summary>
    public string this[Language language] => language == Language.Zh
        ? (string.IsNullOrEmpty(Zh) ? En : Zh)
        : (string.IsNullOrEmpty(En) ? Zh : En);

    /// <summary>The same text in both languages.</summary>
    public static LocalizedText Both(string text) => new(text, text);

    public override string ToString() => $"{Zh} / {En}";
}
