namespace JourneyAssistant.Store.Localization;

/// <summary>The two languages every question, answer, chart and doc supports.</summary>
public enum Language
{
    Zh,
    En,
}

/// <summary>Parsing and naming of <see cref="Language"/>.</summary>
public static class Languages
{
    /// <summary>"zh" or "en", as used in JSON and CLI options.</summary>
    public static string Code(this Language language) => language == Language.Zh ? "zh" : "en";

    /// <summary>Parses "zh"/"en" (also zh-CN, en-US, 中文, english); null when unknown.</summary>
    public static Language? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "zh-hans" or "cn" or "中文" or "chinese" => Language.Zh,
        "en" or "en-us" or "en-gb" or "english" or "英文" => Language.En,
        _ => null,
    };

    /// <summary>Chinese when the text holds any CJK ideograph, else English: the reply language of a question.</summary>
    public static Language Detect(string text) =>
        text.Any(c => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf') ? Language.Zh : Language.En;
}
