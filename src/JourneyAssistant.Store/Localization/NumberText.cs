using System.Text.RegularExpressions;

namespace JourneyAssistant.Store.Localization;

/// <summary>Number text as people read it: a value that rounds to zero never keeps its minus sign ("-0.0%" reads as a drop).</summary>
public static partial class NumberText
{
    /// <summary>
    /// <paramref name="formatted"/> without its minus sign when it is a formatted zero ("-0.0" → "0.0", "-0.0%" → "0.0%",
    /// "¥-0.00" → "¥0.00", "-0.0 小时" → "0.0 小时"); any other text, including names with hyphens, is returned as given.
    /// </summary>
    public static string WithoutNegativeZero(string formatted) =>
        formatted.Contains('-', StringComparison.Ordinal) && NegativeZero().Match(formatted) is { Success: true } m
            ? m.Groups["pre"].Value + m.Groups["zero"].Value + m.Groups["post"].Value
            : formatted;

    [GeneratedRegex(@"^(?<pre>[^\d\-]{0,4}?)-(?<zero>[0,]*0(?:\.0+)?)(?<post>(?:%|\s.*)?)$")]
    private static partial Regex NegativeZero();
}
