using System.Globalization;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Localization;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Analyst.Metrics;

/// <summary>
/// What a conversion-based metric (orders, revenue, buyers, conversion rate …) leaves out on a store with its own names:
/// events that carry amounts but are not flagged as conversions (a custom "repeat_purchase", "pickup_complete"). The
/// open vocabulary never makes them purchases silently, so the answer says how many there were and what they came to.
/// </summary>
public static class ConversionGap
{
    public static bool Applies(MetricDefinition metric) =>
        metric.View == "orders" || new[] { metric.Measure, metric.Measure.Numerator, metric.Measure.Denominator }.Any(m => m?.Where.Conversion is true);

    /// <summary>One sentence naming the unflagged events in the plan's period, or null when there are none.</summary>
    public static async Task<string?> NoteAsync(ISkillExecutor executor, MetricPlan plan, ExecutionContext context, Language language, CancellationToken ct)
    {
        if (!Applies(plan.Metric))
        {
            return null;
        }

        // Literal dates from DateOnly values only; the statement goes through the same guard, scope and audit.
        var period = plan.Period.IsAll ? "" : string.Create(CultureInfo.InvariantCulture,
            $" AND e.local_date BETWEEN DATE '{(plan.Previous?.Start ?? plan.Period.Start):yyyy-MM-dd}' AND DATE '{plan.Period.End:yyyy-MM-dd}'");
        var sql = "SELECT d.label_zh, d.label_en, count(*) AS n, sum(e.amount) AS amount FROM journey_events e JOIN dim_events d ON d.id = e.event "
            + $"WHERE d.conversion_candidate AND NOT coalesce(d.is_conversion, false) AND e.amount > 0{period} GROUP BY ALL ORDER BY n DESC LIMIT 3";
        var result = await executor.RunAdhocAsync(sql, context with { Question = "conversion gap: " + plan.Metric.Id }, ct);
        if (result.Rows.Count == 0)
        {
            return null;
        }

        var zh = language == Language.Zh;
        // Per event, so a payment-page view that carries the basket amount is not added up with real repeat purchases.
        var parts = result.Rows.Select(r =>
        {
            var n = Convert.ToInt64(r[2], CultureInfo.InvariantCulture).ToString("#,##0", CultureInfo.InvariantCulture);
            var amount = (r[3] is null ? 0 : Convert.ToDouble(r[3], CultureInfo.InvariantCulture)).ToString("#,##0.00", CultureInfo.InvariantCulture);
            return zh ? $"“{r[0]}” {n} 个（金额 {amount}）" : $"{n} '{r[1]}' ({amount})";
        });
        var list = string.Join(zh ? "、" : ", ", parts);
        return zh
            ? $"另有带金额但没有标为转化的事件未计入{plan.Metric.Name.Zh}：{list}；如果其中有购买，用 journey dictionary suggest / apply 把它标为转化。"
            : $"Events with amounts that are not flagged as conversions are left out of {plan.Metric.Name.En}: {list}; if any are purchases, flag them with journey dictionary suggest / apply.";
    }
}
