using System.Text.RegularExpressions;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>
/// The Markdown template of the summary (prompts/weekly-summary.&lt;lang&gt;.md): <c>{{name}}</c> placeholders, and
/// <c>{{#name}}…{{/name}}</c> sections kept only when <c>name</c> has a non-empty value.
/// </summary>
public static partial class SummaryTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = SectionPattern().Replace(template, m =>
            values.TryGetValue(m.Groups[1].Value, out var v) && !string.IsNullOrWhiteSpace(v) ? m.Groups[2].Value : string.Empty);
        text = PlaceholderPattern().Replace(text, m =>
            values.TryGetValue(m.Groups[1].Value, out var v)
                ? v
                : throw new InvalidOperationException($"The summary template uses {{{{{m.Groups[1].Value}}}}}, which the report does not provide."));

        // Dropped sections leave runs of blank lines behind.
        return BlankLines().Replace(text.Replace("\r\n", "\n"), "\n\n").Trim() + "\n";
    }

    /// <summary>Every name <paramref name="template"/> uses, as a placeholder or as a section.</summary>
    public static IReadOnlySet<string> NamesIn(string template) =>
        SectionPattern().Matches(template).Select(m => m.Groups[1].Value)
            .Concat(PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{#([a-z_]+)\}\}(.*?)\{\{/\1\}\}", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
