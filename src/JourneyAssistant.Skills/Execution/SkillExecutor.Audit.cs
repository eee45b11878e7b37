using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Skills.Execution;

// The audit record every attempt leaves, and the failure it turns into for the caller.
public sealed partial class SkillExecutor
{
    private async Task<SkillExecutionException> FailAsync(Run run, SkillOutcome outcome, LocalizedText reason, Exception? inner = null)
    {
        await AuditAsync(run, outcome, 0, reason.En);
        return new SkillExecutionException(outcome, reason, run.Id, inner);
    }

    /// <summary>Writes the audit record; false (logged) when it could not be written.</summary>
    private async Task<bool> AuditAsync(Run run, SkillOutcome outcome, long rows, string? error)
    {
        var record = new AuditRecord(run.Id, _time.GetUtcNow(), run.Context.User, run.Context.Channel, run.Context.Question, run.SkillId, run.SkillVersion,
            run.Sql, run.ParametersJson, rows, _time.GetElapsedTime(run.Started).TotalMilliseconds, outcome.Code(), error, run.Context.Scope.Describe());
        try
        {
            await _audit.WriteAsync(record);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Audit record {AuditId} ({Outcome}) of {Skill} by {User} could not be written", run.Id, outcome.Code(), run.SkillId ?? "adhoc", run.Context.User);
            return false;
        }

        if (outcome != SkillOutcome.Ok)
        {
            _logger.LogInformation("Execution {AuditId} of {Skill} by {User}: {Outcome} — {Error}", run.Id, run.SkillId ?? "adhoc", run.Context.User, outcome.Code(), error);
        }

        return true;
    }

    /// <summary>Audits a successful run; a result whose audit record cannot be written is withheld (fail closed).</summary>
    private async Task<SkillResult> AuditedAsync(Run run, SkillResult result, string? note = null)
    {
        if (!await AuditAsync(run, SkillOutcome.Ok, result.Rows.Count, note))
        {
            throw new SkillExecutionException(SkillOutcome.Failed, new LocalizedText(
                "审计记录无法写入，因此不返回结果。请稍后重试。", "The audit record could not be written, so the result is withheld. Please try again."), run.Id);
        }

        return result with { AuditId = run.Id };
    }

    /// <summary>Bound values as audit JSON: dates as ISO text, date ranges as the text they came from plus resolved bounds.</summary>
    private static string ToJson(BoundParameters bound)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in bound.Values)
        {
            values[name] = value is DateRange r ? r.Source : value;
        }

        foreach (var (name, value) in bound.Sql)
        {
            values[name] = value is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;
        }

        return JsonSerializer.Serialize(values, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
