using System.Text.RegularExpressions;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Transforms;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>
/// Loads a skill file and checks what can be checked without data: the schema (with lines), the SQL against the guard,
/// parameters declared = parameters used, and the transform being registered. Live checks (columns against the
/// store, the skill's own tests) are <see cref="SkillLiveValidator"/>'s.
/// </summary>
public sealed partial class SkillValidator(SqlGuard guard, ChartKindRegistry chartKinds, IEnumerable<ISkillTransform> transforms)
{
    private readonly HashSet<string> _transforms = transforms.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads and validates a skill file; throws <see cref="SkillFileException"/> with every issue found.</summary>
    public SkillDefinition Load(string path)
    {
        var text = File.ReadAllText(path);
        var skill = new SkillFileReader(chartKinds).Parse(text, path);
        var issues = Check(skill, SqlLine(text));
        return issues.Count == 0 ? skill : throw new SkillFileException(issues);
    }

    /// <summary>Static checks of a parsed skill; <paramref name="sqlLine"/> is where its SQL starts in the file.</summary>
    public IReadOnlyList<SkillIssue> Check(SkillDefinition skill, int sqlLine = 0)
    {
        var issues = new List<SkillIssue>();
        void Issue(string message) => issues.Add(new SkillIssue(skill.SourcePath, sqlLine, message));

        var verdict = guard.Check(skill.Sql);
        if (!verdict.Allowed)
        {
            Issue($"sql is rejected by the SQL guard: {verdict.Reason!.En}");
            return issues;
        }

        var declared = skill.Parameters.SelectMany(p => p.SqlNames).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var used in verdict.Parameters.Where(u => !declared.Contains(u)).Order(StringComparer.Ordinal))
        {
            var hint = used.EndsWith("_start", StringComparison.Ordinal) || used.EndsWith("_end", StringComparison.Ordinal)
                ? $" (a date_range parameter named '{used[..used.LastIndexOf('_')]}' binds ${used})"
                : "";
            Issue($"sql uses ${used}, which no parameter declares{hint}");
        }

        foreach (var parameter in skill.Parameters)
        {
            foreach (var name in parameter.SqlNames.Where(n => !verdict.Parameters.Contains(n)))
            {
                Issue($"parameter '{parameter.Name}' is declared but sql never uses ${name}");
            }
        }

        if (skill.Transform is { } transform && !_transforms.Contains(transform))
        {
            Issue($"transform '{transform}' is not registered (known: {(_transforms.Count == 0 ? "none" : string.Join(", ", _transforms.Order()))})");
        }

        return issues;
    }

    private static int SqlLine(string text)
    {
        var match = SqlKey().Match(text);
        return match.Success ? text[..match.Index].Count(c => c == '\n') + 1 : 0;
    }

    [GeneratedRegex(@"^sql\s*:", RegexOptions.Multiline)]
    private static partial Regex SqlKey();
}
