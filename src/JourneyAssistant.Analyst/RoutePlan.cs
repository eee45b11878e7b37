using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Analyst;

/// <summary>What to run for a question: a skill with arguments (text form), and how it was chosen.</summary>
public sealed record RoutePlan(SkillDefinition Skill, IReadOnlyDictionary<string, string> Arguments, string RoutedBy);

/// <summary>A model-backed planner (Semantic Kernel + IChatClient). Returns null to let the offline router decide.</summary>
public interface IModelPlanner
{
    /// <summary>Asks the model which skill to run; null when the model declined, failed, timed out or chose nothing usable.</summary>
    Task<ModelPlan?> PlanAsync(string question, DateOnly asOf, CancellationToken cancellationToken);
}

/// <summary>The model's choice: a vetted skill (Skill set) or, when allowed, its own SELECT (Sql set).</summary>
public sealed record ModelPlan(SkillDefinition? Skill, IReadOnlyDictionary<string, string> Arguments, string? Sql = null, Kernel.MetricCall? Metric = null);
