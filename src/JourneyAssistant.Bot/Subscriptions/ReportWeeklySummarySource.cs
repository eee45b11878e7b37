using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// The weekly summary report (<see cref="IWeeklySummary"/>) as an <see cref="Answer"/>: headline, KPIs with their change,
/// caveats and the first chart, built under the subscriber's own data scope (<see cref="IAccessPolicy"/> when registered).
/// </summary>
public sealed class ReportWeeklySummarySource(IWeeklySummary summary, IAccessPolicy? access = null) : IWeeklySummarySource
{
    public async Task<Answer> ComposeAsync(Subscription subscription, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var language = Languages.Parse(subscription.Language) ?? Language.Zh;
        var reference = subscription.Reference;
        var scope = access?.ScopeFor(reference.User) ?? DataScope.All;
        var report = await summary.BuildAsync(
            new SummaryRequest(AsOf: asOf, Language: language, User: reference.User, Channel: reference.Channel, Scope: scope),
            cancellationToken);

        string T(string zh, string en) => language == Language.Zh ? zh : en;
        string? chart = null;
        if (report.Charts.Count > 0)
        {
            var first = report.Charts[0];
            chart = first.SaveAs(Path.Combine(Path.GetTempPath(), "journey-weekly", $"{subscription.Id}-{WeeklySummaryReport.ChartFileName(report.FileStem, first)}"));
        }

        return new Answer
        {
            Question = T("本周周报", "weekly summary"),
            Language = language.Code(),
            Kind = AnswerKind.Summary,
            Text = report.Headline,
            Columns =
            [
                new AnswerColumn("kpi", T("指标", "KPI"), "dimension"),
                new AnswerColumn("value", report.Week, "measure"),
                new AnswerColumn("change", T("环比", "vs last week"), "measure"),
            ],
            Rows = [.. report.Kpis.Select(k => new object?[] { k.Label, k.CurrentText, k.ChangeText })],
            Explanation = string.Join('\n', new[] { $"{report.WeekStart:yyyy-MM-dd} – {report.WeekEnd:yyyy-MM-dd}" }.Concat(report.Caveats)),
            Chart = chart,
            DataScope = scope.IsRestricted ? scope.Note()[language] : null,
            RoutedBy = "none",
        };
    }
}
