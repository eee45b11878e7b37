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

    /// <summary>
    /// Chinese when the text holds any CJK ideograph, else English: the reply language of a question. The Teams and Web
    /// Chat notices (too long, busy, apology) have always counted only the basic block, hence <paramref name="extensionA"/>.
    /// </summary>
    public static Language Detect(string text, bool extensionA = true) =>
        text.Any(c => IsIdeograph(c, extensionA)) ? Language.Zh : Language.En;

    /// <summary>True for a CJK ideograph: the basic block U+4E00–U+9FFF and, unless told not to, extension A U+3400–U+4DBF.</summary>
    public static bool IsIdeograph(char c, bool extensionA = true) =>
        c is >= '\u4e00' and <= '\u9fff' || (extensionA && c is >= '\u3400' and <= '\u4dbf');

    /// <summary>The language of an answer's <c>Language</c> code: exactly "zh" is Chinese, anything else English, as every renderer reads it.</summary>
    public static Language FromCode(string? code) => code == "zh" ? Language.Zh : Language.En;
}
