using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>The results the KPIs are worked out from when the KPI skill gives none: this week's and last week's.</summary>
internal sealed record KpiFigures(
    SkillResult? Conversion, SkillResult? ConversionPrev, SkillResult? Repurchase, SkillResult? RepurchasePrev,
    SkillResult? Nps, SkillResult? NpsPrev, SkillResult? Tickets, SkillResult? TicketsPrev);

/// <summary>Everything the week's skill runs returned (null where a skill is missing or failed), and the runs themselves.</summary>
internal sealed record GatheredWeek(
    KpiFigures Figures, SkillResult? Funnel, SkillResult? FunnelPrev, SkillResult? Anomalies, SkillResult? KpiSkill, DateOnly? Latest, SkillRuns Runs)
{
    public bool KpisFromSkill => KpiSkill is { Rows.Count: > 0 };
}

/// <summary>Runs the configured library skills for a week and the week before, each through the executor (guard, scope, audit).</summary>
internal sealed class WeekGatherer(ISkillCatalog catalog, ISkillExecutor executor, SkillNarrator narrator, ReportsOptions options)
{
    public SkillRuns Runs(ExecutionContext context, Language language, CancellationToken cancellationToken) =>
        new(catalog, executor, narrator, options, context, language, cancellationToken);

    public async Task<GatheredWeek> GatherAsync(IsoWeek week, SkillRuns run)
    {
        var skills = options.WeeklySkills;
        var previous = week.Previous;

        // This week and last week, same skills, same arguments: the difference is the story.
        // min_people 1 keeps every channel in the totals; small channels are left out of the recommendations instead.
        // The executor gives every run its own connection, so the queries run side by side.
        var conversionTask = run.Skill(skills.Conversion, week.Period, narrate: true, ("min_people", 1));
        var conversionPrevTask = run.Skill(skills.Conversion, previous.Period, narrate: false, ("min_people", 1));
        var funnelTask = run.Skill(skills.Funnel, week.Period, narrate: true);
        var funnelPrevTask = run.Skill(skills.Funnel, previous.Period, narrate: false);
        var repurchaseTask = run.Skill(skills.Repurchase, $"{week.End.AddDays(-89):yyyy-MM-dd}..{week.End:yyyy-MM-dd}", narrate: true);
        var repurchasePrevTask = run.Skill(skills.Repurchase, $"{previous.End.AddDays(-89):yyyy-MM-dd}..{previous.End:yyyy-MM-dd}", narrate: false);
        var npsTask = run.Skill(skills.Nps, week.Period, narrate: true);
        var npsPrevTask = run.Skill(skills.Nps, previous.Period, narrate: false);
        var ticketsTask = run.Skill(skills.Tickets, week.Period, narrate: true);
        var ticketsPrevTask = run.Skill(skills.Tickets, previous.Period, narrate: false);
        var anomaliesTask = run.Skill(skills.Anomalies, week.Period, narrate: true);
        var kpiTask = run.Skill(skills.Kpis, week.Period, narrate: true);
        var latestTask = run.LatestDate();
        var (conversion, conversionPrev, funnel, funnelPrev) = (await conversionTask, await conversionPrevTask, await funnelTask, await funnelPrevTask);
        var (repurchase, repurchasePrev, nps, npsPrev) = (await repurchaseTask, await repurchasePrevTask, await npsTask, await npsPrevTask);
        var (tickets, ticketsPrev, anomalies, latest) = (await ticketsTask, await ticketsPrevTask, await anomaliesTask, await latestTask);
        var kpis = await kpiTask;

        var figures = new KpiFigures(conversion, conversionPrev, repurchase, repurchasePrev, nps, npsPrev, tickets, ticketsPrev);
        return new GatheredWeek(figures, funnel, funnelPrev, anomalies, kpis, latest, run);
    }
}
