using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Metrics.Compilation;

/// <summary>
/// A metric plan compiled to the one executable query type the guarded executor runs: a vetted, parameterized query
/// (id <c>metric:&lt;id&gt;</c>) and the arguments that bind it. The SQL comes only from the plan's declared pieces.
/// </summary>
public sealed record CompiledMetric(MetricPlan Plan, SkillDefinition Query, IReadOnlyDictionary<string, string> Arguments);
