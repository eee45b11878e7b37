using System.Text.Json;
using JourneyAssistant.Skills.Audit;

namespace JourneyAssistant.Bot.Audit;

/// <summary>The audit page's view of the skills' audit log (every execution: ok, rejected, failed, timed out), which the CLI's `journey audit` reads too.</summary>
public sealed class SkillsAuditSource(IAuditLog log) : IAuditSource
{
    public async Task<IReadOnlyList<QuestionRecord>> QueryAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var records = await log.QueryAsync(new AuditQuery(filter.Limit, Blank(filter.User), Blank(filter.Skill), Blank(filter.Outcome)), cancellationToken);
        return records.Select(r => new QuestionRecord(
            r.Time,
            r.User,
            r.Channel,
            r.Question ?? "",
            r.SkillId,
            Parameters(r.Parameters),
            r.Sql,
            (int)Math.Min(r.RowCount, int.MaxValue),
            TimeSpan.FromMilliseconds(r.DurationMs),
            r.Outcome,
            r.Id)).ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IReadOnlyDictionary<string, object?> Parameters(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?> { ["raw"] = json };
        }
    }
}
