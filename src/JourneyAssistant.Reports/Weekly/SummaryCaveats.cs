using System.Globalization;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Quality;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>
/// The summary's data notes: partial weeks, small samples, missing or failed skills, definitions, the reader's scope,
/// the same sanity checks every answer gets, and the data-quality line.
/// </summary>
internal sealed class SummaryCaveats(
    ISkillCatalog catalog, IJourneyDictionary dictionary, SkillNarrator narrator, ReportsOptions options, TimeZoneInfo zone, DataQualityReader? quality)
{
    public async Task<IReadOnlyList<string>> CollectAsync(
        SummaryRequest request, IsoWeek week, GatheredWeek gathered, ExecutionContext context, Language language, CancellationToken cancellationToken)
    {
        var caveats = Caveats(request, week, gathered, language);
        // The same sanity check as every answer (0 %/100 %, steps nobody reaches, best vs worst within noise); the
        // week's own freshness caveat above already covers the period.
        foreach (var (id, result) in new[] { (options.WeeklySkills.Funnel, gathered.Funnel), (options.WeeklySkills.Conversion, gathered.Figures.Conversion) })
        {
            if (result is { Rows.Count: > 0 } && catalog.Find(id) is { } definition)
            {
                caveats = [.. caveats, .. ResultSanity.Check(definition, result, language,
                    (column, value) => column.Dictionary is not null && value is string v ? narrator.Format(column, v, language) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                    null, week.End.AddDays(1)).Caveats];
            }
        }

        // Unmapped names and quarantined rows in the reader's scope, said in the caveats like in every answer (issue 14).
        if (quality is not null && await quality.CaveatAsync(context, language, new DateRange(week.Start, week.End, week.Period), cancellationToken) is { } line)
        {
            caveats = [.. caveats, line];
        }

        return caveats;
    }

    private IReadOnlyList<string> Caveats(SummaryRequest request, IsoWeek week, GatheredWeek gathered, Language language)
    {
        var zh = language == Language.Zh;
        var f = gathered.Figures;
        var caveats = new List<string>();
        if (gathered.Latest is { } last && last < week.End)
        {
            caveats.Add(last < week.Start
                ? (zh ? $"**本周没有数据**：数据只到 {last:yyyy-MM-dd}。" : $"**No data for this week**: data ends on {last:yyyy-MM-dd}.")
                : (zh ? $"**不完整周**：数据只到 {last:yyyy-MM-dd}，本周数字偏低，请勿直接与上周比较。" : $"**Partial week**: data ends on {last:yyyy-MM-dd}, so this week's figures are low; don't compare them directly with last week."));
        }

        if (f.Conversion is not null)
        {
            var small = f.Conversion.Rows
                .Where(r => ResultReader.Number(f.Conversion, r, "people") < options.SmallSample)
                .Select(r => dictionary.Label(DictionaryKind.Channel, ResultReader.Text(f.Conversion, r, "channel") ?? "", language))
                .ToList();
            if (small.Count > 0)
            {
                caveats.Add(zh
                    ? $"小样本：{string.Join("、", small)} 本周不足 {options.SmallSample} 人，其转化率波动大。"
                    : $"Small samples: {string.Join(", ", small)} had fewer than {options.SmallSample} people this week; their rates are noisy.");
            }
        }

        if (f.Nps is { Rows.Count: 0 })
        {
            // The NPS skill lists only touchpoints with enough responses; none listed is not "0 responses" (a scoped week
            // can hold 44 responses spread thin): say what is true — it could not be split by touchpoint.
            caveats.Add(zh
                ? "NPS 本周没有哪个触点的回复数达到拆分门槛，未按触点拆分；总体 NPS 取自核心指标。"
                : "No touchpoint had enough survey responses this week to split NPS by touchpoint; the overall NPS comes from the KPI figures.");
        }
        else if (f.Nps is not null && ResultReader.Find(f.Nps, ColumnRole.Count, "respon", "count") is { } responses
            && ResultReader.Sum(f.Nps, responses) is var total && total < options.SmallSample)
        {
            caveats.Add(zh ? $"NPS 只有 {total:0} 份回复，仅供参考。" : $"NPS rests on only {total:0} responses; read it as indicative.");
        }

        var run = gathered.Runs;
        if (run.Missing.Count > 0)
        {
            caveats.Add(zh
                ? $"以下技能不可用，相关指标显示为 –：{string.Join("、", run.Missing)}。"
                : $"These skills are not available, so their figures show –: {string.Join(", ", run.Missing)}.");
        }

        caveats.AddRange(run.Failures);
        var kpiDefinitions = gathered.KpisFromSkill ? catalog.Find(options.WeeklySkills.Kpis)?.Definitions?[language] : null;
        caveats.Add(!string.IsNullOrWhiteSpace(kpiDefinitions)
            ? (zh ? "口径：" : "Definitions: ") + kpiDefinitions
            : zh
            ? "口径：人数为打通身份后的自然人；日期按报告时区（" + zone.Id + "）；转化 = 支付成功或门店购买；复购率取截至周末的近 90 天；工单时长为各服务渠道中位数按工单量加权。"
            : "Definitions: people are stitched persons; dates are in the reporting zone (" + zone.Id + "); a conversion is a payment success or store purchase; repurchase rate covers the 90 days to the week's end; ticket time is the per-service-channel median weighted by tickets.");
        if (request.Scope is { IsRestricted: true } scope)
        {
            caveats.Add(scope.Note()[language]);
        }

        return caveats;
    }
}
