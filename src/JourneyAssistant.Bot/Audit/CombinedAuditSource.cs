namespace JourneyAssistant.Bot.Audit;

/// <summary>
/// Every question for the audit page: the skills' audit log (each execution, also read by `journey audit`) plus the
/// bot's own record of questions that ran nothing (not understood, declined, too long, failed before a skill ran).
/// </summary>
public sealed class CombinedAuditSource(SkillsAuditSource skills, QuestionLog bot) : IAuditSource
{
    public async Task<IReadOnlyList<QuestionRecord>> QueryAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var executed = await skills.QueryAsync(filter, cancellationToken);
        // Questions where a skill ran are already in the skills' log; only the ones that ran nothing are added.
        var extra = (await bot.QueryAsync(filter, cancellationToken)).Where(r => r.Skill is null);
        return executed.Concat(extra).OrderByDescending(r => r.Time).Take(filter.Limit).ToList();
    }
}
