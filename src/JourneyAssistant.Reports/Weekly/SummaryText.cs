using System.Globalization;
using System.Text;
using JourneyAssistant.Charts;
using JourneyAssistant.Charts.Rendering;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>The summary's words, in Chinese or English: title, period, headline, KPI table, top changes, anomalies and actions.</summary>
internal sealed class SummaryText(IJourneyDictionary dictionary, string anomaliesSkillId)
{
    public static string Title(IsoWeek week, Language language) =>
        language == Language.Zh ? $"客户旅程周报 · {week}" : $"Customer journey weekly summary · {week}";

    public static string Period(IsoWeek week, Language language) => language == Language.Zh
        ? $"{week.Start:yyyy-MM-dd}（周一）至 {week.End:yyyy-MM-dd}（周日），对比上周 {week.Previous}"
        : $"{week.Start:yyyy-MM-dd} (Mon) to {week.End:yyyy-MM-dd} (Sun), compared with {week.Previous}";

    public static string Freshness(DateOnly? latest, Language language) =>
        latest is { } l ? l.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : (language == Language.Zh ? "未知" : "unknown");

    public static string GeneratedAt(DateTimeOffset generatedAt, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(generatedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";

    public static string Elapsed(TimeSpan elapsed, Language language) =>
        elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + (language == Language.Zh ? " 秒" : " s");

    public static string Headline(IsoWeek week, IReadOnlyList<SummaryKpi> kpis, LeakInfo? leak, DateOnly? latest, Language language)
    {
        var zh = language == Language.Zh;
        var revenue = kpis.First(k => k.Id == "revenue");
        var rate = kpis.First(k => k.Id == "conversion_rate");
        if (!double.IsFinite(revenue.Current) || revenue.Current == 0 && rate.Current is 0 or double.NaN)
        {
            return zh ? $"{week} 没有可汇总的转化数据{(latest is { } l ? $"（数据只到 {l:yyyy-MM-dd}）" : string.Empty)}。" : $"{week} has no conversion data to summarise{(latest is { } l2 ? $" (data ends on {l2:yyyy-MM-dd})" : string.Empty)}.";
        }

        var tone = double.IsFinite(revenue.Change)
            ? revenue.Change switch
            {
                >= 0.05 => zh ? "本周表现向好" : "A good week",
                <= -0.05 => zh ? "本周有所下滑" : "A weaker week",
                _ => zh ? "本周基本持平" : "A flat week",
            }
            : (zh ? "本周概况" : "This week");
        var leakText = leak is null ? string.Empty : zh ? $"，最大流失在{leak.Label}（{ValueFormat.Percent(leak.Rate)}）" : $"; the biggest leak is {leak.Label} ({ValueFormat.Percent(leak.Rate)})";

        // The worst of the top changes (a drop in a KPI where higher is better) is what the reader must not miss.
        var worst = kpis.Where(k => k.Id != "median_resolution_hours" && k.Current < k.Previous && double.IsFinite(KpiMovers.Score(k)))
            .OrderByDescending(KpiMovers.Score).FirstOrDefault(k => KpiMovers.Score(k) >= 0.1);
        if (worst is not null && worst.Id is not ("revenue" or "conversion_rate"))
        {
            leakText += zh
                ? $"；{worst.Label} {worst.ChangeText}{(worst.DriverLabel is null ? string.Empty : $"（主要在{worst.DriverLabel}）")}"
                : $"; {worst.Label.ToLowerInvariant()} {worst.ChangeText}{(worst.DriverLabel is null ? string.Empty : $" (mostly {worst.DriverLabel})")}";
        }

        return zh
            ? $"{tone}：收入 {revenue.CurrentText}（周环比 {revenue.ChangeText}），转化率 {rate.CurrentText}（{rate.ChangeText}）{leakText}。"
            : $"{tone}: revenue {revenue.CurrentText} ({revenue.ChangeText} week over week), conversion rate {rate.CurrentText} ({rate.ChangeText}){leakText}.";
    }

    public static string KpiTable(IReadOnlyList<SummaryKpi> kpis, Language language)
    {
        var zh = language == Language.Zh;
        var text = new StringBuilder();
        text.AppendLine(zh ? "| 指标 | 本周 | 上周 | 周环比 |" : "| Metric | This week | Last week | Change |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var kpi in kpis)
        {
            text.AppendLine($"| {kpi.Label} | **{kpi.CurrentText}** | {kpi.PreviousText} | {kpi.ChangeText} |");
        }

        return text.ToString().TrimEnd();
    }

    public static string Changes(IReadOnlyList<KpiMove> top, Language language)
    {
        var zh = language == Language.Zh;
        if (top.Count == 0)
        {
            return zh ? "没有可与上周比较的数据。" : "No figures to compare with last week.";
        }

        var lines = new List<string>();
        for (var i = 0; i < top.Count; i++)
        {
            var (kpi, driver) = top[i];
            var direction = kpi.Current >= kpi.Previous ? (zh ? "上升" : "up") : (zh ? "下降" : "down");
            var line = zh
                ? $"{i + 1}. **{kpi.Label}**{direction}：{kpi.CurrentText}（{kpi.ChangeText}）"
                : $"{i + 1}. **{kpi.Label}** {direction}: {kpi.CurrentText} ({kpi.ChangeText})";
            line += driver is null
                ? (zh ? "；没有可拆分的维度。" : "; no dimension to break it down by.")
                : (zh ? $"；主要来自{driver.Kind} **{driver.Label}**（{driver.Delta}）。" : $"; driven mostly by {driver.Kind} **{driver.Label}** ({driver.Delta}).");
            lines.Add(line);
        }

        return string.Join("\n", lines);
    }

    public string Anomalies(SkillResult? anomalies, SkillRuns run, Language language)
    {
        var zh = language == Language.Zh;
        if (anomalies is null)
        {
            return run.Missing.Contains(anomaliesSkillId)
                ? (zh ? $"异常检测技能（{anomaliesSkillId}）暂不可用。" : $"The anomaly skill ({anomaliesSkillId}) is not available.")
                : (zh ? "异常检测未能运行，见数据说明。" : "Anomaly detection did not run; see the notes below.");
        }

        if (anomalies.Rows.Count == 0)
        {
            return zh ? "本周没有检测到异常日。" : "No anomalous days this week.";
        }

        var columns = new ChartColumns(new ChartRequest(anomalies, language, dictionary));
        return string.Join("\n", anomalies.Rows.Take(5).Select(row =>
            "- " + string.Join(" · ", Enumerable.Range(0, anomalies.Columns.Count).Select(i =>
            {
                var column = anomalies.Columns[i];
                var value = column.Role == ColumnRole.Dimension ? columns.Label(row, i) : columns.Format(columns.Number(row, i), i);
                return i == 0 ? $"**{value}**" : $"{column.Label[language]} {value}";
            }))));
    }

    public static string Actions(SkillRuns run, Language language)
    {
        var zh = language == Language.Zh;
        var picked = new List<NarratedRecommendation>();

        // Specific recommendations (rules whose conditions matched) first, one skill at a time; catch-all
        // `always` rules, which come last in a skill file, only fill what is left.
        var specific = run.Recommendations.Select(r => r.Items.Take(r.Items.Count - r.Always).ToList()).ToList();
        var fallback = run.Recommendations.Select(r => r.Items.Skip(r.Items.Count - r.Always).ToList()).ToList();
        foreach (var lists in new[] { specific, fallback })
        {
            for (var round = 0; picked.Count < 3 && lists.Any(l => l.Count > round); round++)
            {
                foreach (var list in lists)
                {
                    if (list.Count > round && picked.Count < 3 && picked.All(p => p.Action != list[round].Action))
                    {
                        picked.Add(list[round]);
                    }
                }
            }
        }

        if (picked.Count == 0)
        {
            return zh ? "数据不足，本周没有建议。" : "Not enough data for recommendations this week.";
        }

        return string.Join("\n", picked.Select((p, i) => zh
            ? $"{i + 1}. {p.Action}\n   - 负责人：{p.Owner ?? "待定"}；关注指标：{p.Metric}"
            : $"{i + 1}. {p.Action}\n   - Owner: {p.Owner ?? "to be assigned"}; metric to watch: {p.Metric}"));
    }
}
