using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Skills.Execution;

/// <summary>
/// Who runs a query, from where, and under which data scope. <see cref="AsOf"/> is the local date relative dates
/// (last_7_days …) resolve against; null means today in the reporting zone.
/// Note: System.Threading also has an ExecutionContext; callers outside this namespace may need
/// <c>using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;</c>.
/// </summary>
public sealed record ExecutionContext(string User, string Channel, string? Question, DataScope Scope, DateOnly? AsOf = null)
{
    /// <summary>A local, unrestricted context for the CLI and tests.</summary>
    public static ExecutionContext Local(string? question = null, DateOnly? asOf = null) =>
        new(Environment.UserName, "cli", question, DataScope.All, asOf);
}

/// <summary>An execution that did not produce a result: rejected (guard, binding, access), failed, or timed out. Already audited.</summary>
public sealed class SkillExecutionException(SkillOutcome outcome, Store.Localization.LocalizedText message, string auditId, Exception? inner = null)
    : Exception(message.En, inner)
{
    public SkillOutcome Outcome { get; } = outcome;

    /// <summary>The reason, in both languages, fit to show the user.</summary>
    public Store.Localization.LocalizedText Text { get; } = message;

    /// <summary>The audit record's id: the reference a user can quote.</summary>
    public string AuditId { get; } = auditId;
}

/// <summary>Runs vetted skills and ad-hoc analyst SQL through the guard, the data scope, the limits and the audit log.</summary>
public interface ISkillExecutor
{
    /// <summary>Binds <paramref name="arguments"/>, runs the skill's SQL (and transform) and returns the typed result.</summary>
    Task<Results.SkillResult> RunAsync(SkillDefinition skill, IReadOnlyDictionary<string, object?>? arguments, ExecutionContext context, CancellationToken cancellationToken = default);

    /// <summary>Runs an analyst's own SELECT through the same guard, scope, limits and audit.</summary>
    Task<Results.SkillResult> RunAdhocAsync(string sql, ExecutionContext context, CancellationToken cancellationToken = default);

    /// <summary>The store version the next execution reads (changes when an ingest commits); null when unknown. Caches of
    /// what the data holds key on it.</summary>
    string? DataVersion => null;
}
