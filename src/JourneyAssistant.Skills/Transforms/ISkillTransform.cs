using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Skills.Transforms;

/// <summary>What a transform may read besides the raw result: the skill and its bound arguments.</summary>
/// <param name="Skill">The skill whose SQL produced the raw result.</param>
/// <param name="Parameters">Bound arguments by parameter name (date_range values are <see cref="DateRange"/>; optional ones absent are null).</param>
public sealed record SkillTransformContext(SkillDefinition Skill, IReadOnlyDictionary<string, object?> Parameters);

/// <summary>
/// A named, unit-tested C# post-processor over a skill's SQL result (skill files name it with `transform: name`), for
/// computations SQL expresses badly, such as the Markov removal effect. Register with
/// <c>services.AddSingleton&lt;ISkillTransform, MyTransform&gt;()</c>; the executor looks it up by <see cref="Name"/>.
/// The returned result must list its columns in the order of the skill's `columns` (the executor keeps SQL, parameters,
/// duration and truncation from the raw result when the transform leaves them unchanged).
/// </summary>
public interface ISkillTransform
{
    /// <summary>The name skill files use (lower_snake_case, e.g. markov_removal).</summary>
    string Name { get; }

    /// <summary>Turns the raw SQL result into the result the skill declares.</summary>
    Results.SkillResult Apply(Results.SkillResult raw, SkillTransformContext context);
}
