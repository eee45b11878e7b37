using System.Text.RegularExpressions;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Results;

namespace JourneyAssistant.Skills.Narration;

/// <summary>A `{scope.name}` placeholder in an answer or recommendation template.</summary>
public sealed record Placeholder(string Text, string Scope, string? Name);

/// <summary>Finds and checks the placeholders of skill templates (docs/SKILL-FORMAT.md, "Placeholders").</summary>
public static partial class TemplateText
{
    /// <summary>Placeholder scopes that name a result row.</summary>
    public static readonly IReadOnlyList<string> RowScopes = ["focus", "first", "second", "last", "total"];

    /// <summary>Every placeholder in <paramref name="template"/>, in order.</summary>
    public static IEnumerable<Placeholder> Placeholders(string template) =>
        PlaceholderPattern().Matches(template).Select(m => new Placeholder(m.Value, m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null));

    /// <summary>Replaces each placeholder with <paramref name="resolve"/>'s value.</summary>
    public static string Render(string template, Func<Placeholder, string> resolve) =>
        PlaceholderPattern().Replace(template, m => resolve(new Placeholder(m.Value, m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null)));

    /// <summary>Why a placeholder cannot be filled from these columns and parameters, or null when it can.</summary>
    public static string? Check(Placeholder placeholder, IReadOnlyList<ResultColumn> columns, IReadOnlyList<SkillParameter> parameters)
    {
        if (RowScopes.Contains(placeholder.Scope))
        {
            return placeholder.Name is not null && columns.Any(c => string.Equals(c.Name, placeholder.Name, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"placeholder {placeholder.Text} names column '{placeholder.Name}', which is not in columns";
        }

        return placeholder.Scope switch
        {
            "rows" or "period" when placeholder.Name is null => null,
            "param" when placeholder.Name is not null && parameters.Any(p => p.Name == placeholder.Name) => null,
            "param" => $"placeholder {placeholder.Text} names parameter '{placeholder.Name}', which is not declared",
            _ => $"placeholder {placeholder.Text} is unknown (use {{focus.col}}, {{first.col}}, {{second.col}}, {{last.col}}, {{total.col}}, {{rows}}, {{period}}, {{param.name}})",
        };
    }

    [GeneratedRegex(@"\{([a-z_]+)(?:\.([A-Za-z0-9_]+))?\}")]
    private static partial Regex PlaceholderPattern();
}
