using System.Globalization;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Composition;

/// <summary>Answers requests for the weekly summary with the report (headline as the answer, the Markdown as the explanation).</summary>
public sealed class WeeklySummaryResponder(IWeeklySummary summary, IAccessPolicy? access, string chartDirectory) : ISummaryResponder
{
    public async Task<Answer> SummarizeAsync(Question question, Language language, DateRangeMatch? period, DateOnly asOf, CancellationToken cancellationToken)
    {
        // A named calendar week ("上周", "2026-W46") is summarised as that week; otherwise the last complete week before the period's end.
        string? week = null;
        DateOnly? reportAsOf = asOf;
        if (period is { } p && p.Start.DayOfWeek == DayOfWeek.Monday && p.End == p.Start.AddDays(6))
        {
            week = $"{ISOWeek.GetYear(p.Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(p.Start.ToDateTime(TimeOnly.MinValue)):00}";
        }
        else if (period is { } q)
        {
            reportAsOf = q.End;
        }

        var scope = access?.ScopeFor(question.User);
        var report = await summary.BuildAsync(new SummaryRequest(week, reportAsOf, language, question.User, question.Channel, scope), cancellationToken);
        string? chart = null;
        if (report.Charts.Count > 0)
        {
            chart = report.Charts[0].SaveAs(Path.Combine(chartDirectory, WeeklySummaryReport.ChartFileName(report.FileStem, report.Charts[0])));
        }

        var zh = language == Language.Zh;
        return new Answer
        {
            Question = question.Text,
            Language = language.Code(),
            Kind = AnswerKind.Summary,
            Skill = null,
            Parameters = new Dictionary<string, object?>
            {
                ["week"] = report.Week,
                ["start"] = report.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["end"] = report.WeekEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            Text = report.Headline,
            Explanation = report.Markdown,
            Chart = chart,
            FollowUps = zh ? ["哪个触点流失的用户最多？", "各渠道转化率对比", "哪几天数据异常？"] : ["Which touchpoint loses the most people?", "Compare conversion by channel", "Which days look unusual?"],
            RoutedBy = "offline",
        };
    }

    /// <summary>Builds the responder with the chart folder resolved against the content root.</summary>
    public static WeeklySummaryResponder Create(IWeeklySummary summary, IAccessPolicy? access, string contentRoot, string chartDirectory) =>
        new(summary, access, ContentRoot.Combine(contentRoot, chartDirectory));
}
