using System.Globalization;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>The outcome of one live check of a skill: its columns against the store, or one of its own tests.</summary>
public sealed record SkillCheck(string SkillId, string Name, bool Passed, string? Problem);

/// <summary>
/// Checks skills against a real store: the SQL's output columns equal the declared columns (unless a transform shapes
/// them), and each test in the file holds (row counts, focus row values, column bounds).
/// </summary>
public sealed class SkillLiveValidator(SkillExecutor executor)
{
    /// <summary>Local date the tests resolve relative presets against, so results do not drift with the calendar.</summary>
    public DateOnly AsOf { get; init; } = new(2026, 11, 22);

    public async Task<IReadOnlyList<SkillCheck>> CheckAsync(SkillDefinition skill, CancellationToken cancellationToken = default)
    {
        var checks = new List<SkillCheck> { await CheckColumnsAsync(skill, cancellationToken) };
        foreach (var test in skill.Tests)
        {
            checks.Add(await RunTestAsync(skill, test, cancellationToken));
        }

        return checks;
    }

    private async Task<SkillCheck> CheckColumnsAsync(SkillDefinition skill, CancellationToken cancellationToken)
    {
        const string name = "columns match the SQL output";
        try
        {
            var arguments = skill.Tests.FirstOrDefault()?.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value);
            var actual = await executor.DescribeAsync(skill, arguments, cancellationToken);
            if (skill.Transform is not null)
            {
                return new SkillCheck(skill.Id, name, true, null);
            }

            var declared = skill.Columns.Select(c => c.Name).ToList();
            var missing = declared.Where(d => !actual.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
            var extra = actual.Where(a => !declared.Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"declared but not returned by the SQL: {string.Join(", ", missing)}");
            }

            if (extra.Count > 0)
            {
                problems.Add($"returned by the SQL but not declared: {string.Join(", ", extra)}");
            }

            return new SkillCheck(skill.Id, name, problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems));
        }
        catch (Exception e)
        {
            return new SkillCheck(skill.Id, name, false, $"the SQL does not prepare against the store: {e.Message.Split('\n')[0]}");
        }
    }

    private async Task<SkillCheck> RunTestAsync(SkillDefinition skill, SkillTest test, CancellationToken cancellationToken)
    {
        SkillResult result;
        try
        {
            var arguments = test.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value);
            result = await executor.RunAsync(skill, arguments, new ExecutionContext("skills-validate", "cli", $"test: {test.Name}", DataScope.All, AsOf), cancellationToken);
        }
        catch (SkillExecutionException e)
        {
            return new SkillCheck(skill.Id, test.Name, false, $"{e.Outcome.Code()}: {e.Text.En}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new SkillCheck(skill.Id, test.Name, false, $"could not run: {e.Message.Split('\n')[0]}");
        }

        var problems = Expectations(skill, test.Expect, result).ToList();
        return new SkillCheck(skill.Id, test.Name, problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Every unmet expectation of a test over a result.</summary>
    public static IEnumerable<string> Expectations(SkillDefinition skill, SkillTestExpectation expect, SkillResult result)
    {
        if (expect.MinRows is { } min && result.Rows.Count < min)
        {
            yield return $"expected at least {min} rows, got {result.Rows.Count}";
        }

        if (expect.MaxRows is { } max && result.Rows.Count > max)
        {
            yield return $"expected at most {max} rows, got {result.Rows.Count}";
        }

        var focus = new SkillNarrator.RowSet(skill, result).Row("focus");
        if (focus is null)
        {
            if (expect.Focus.Count > 0 || expect.Columns.Count > 0)
            {
                yield return "expected a focus row, got no rows";
            }

            yield break;
        }

        foreach (var (column, expected) in expect.Focus)
        {
            var index = result.IndexOf(column);
            var actual = index < 0 ? null : SkillValues.Invariant(focus[index]);
            if (index < 0 || !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"expected focus {column} = {expected}, got {actual ?? "(no such column)"}";
            }
        }

        foreach (var (column, expectation) in expect.Columns)
        {
            var index = result.IndexOf(column);
            var value = index < 0 ? null : focus[index];
            var number = SkillNarrator.ToDouble(value);
            if (expectation.EqualTo is { } equal && !string.Equals(SkillValues.Invariant(value), equal, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"expected {column} = {equal}, got {value ?? "null"}";
            }

            if ((expectation.Min is { } low && (number is null || number < (double)low)) || (expectation.Max is { } high && (number is null || number > (double)high)))
            {
                yield return $"expected {column} within [{expectation.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}, {expectation.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}], got {SkillValues.Invariant(value) ?? "null"}";
            }
        }
    }
}
