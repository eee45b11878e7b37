using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Charts;
using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Bot.Tests;

/// <summary>The subscribed weekly summary is built from the summary report under the subscriber's own data scope.</summary>
public sealed class SubscriptionReportTests
{
    [Fact]
    public async Task Restricted_subscriber_gets_the_summary_built_under_their_scope_and_told_so()
    {
        var reports = new RecordingSummary();
        var access = new FixedPolicy(new Dictionary<string, DataScope>
        {
            ["store-manager-east"] = DataScope.Restricted([new RowFilter("region", ["华东"])]),
        });
        var source = new ReportWeeklySummarySource(reports, access);
        var subscription = new Subscription
        {
            Id = "s1",
            Reference = new ConversationReference { Channel = ConversationReference.WeCom, User = "store-manager-east" },
            Cron = "0 9 * * 1",
            TimeZone = "Asia/Shanghai",
            Language = "zh",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var answer = await source.ComposeAsync(subscription, new DateOnly(2026, 11, 23));

        var request = Assert.Single(reports.Requests);
        Assert.Equal(("store-manager-east", "wecom", new DateOnly(2026, 11, 23), Language.Zh), (request.User, request.Channel, request.AsOf, request.Language));
        Assert.Equal("region in (华东)", request.Scope!.Describe());
        Assert.Equal(AnswerKind.Summary, answer.Kind);
        Assert.Equal("上周订单 1,234，环比 +5%", answer.Text);
        Assert.Equal("已按你的数据权限筛选：region in (华东)。", answer.DataScope);
        Assert.Equal(["订单数", "1,234", "+5%"], answer.Rows.Single());
        Assert.True(File.Exists(answer.Chart));
        Assert.Equal(RecordingSummary.Png, await File.ReadAllBytesAsync(answer.Chart!));
    }

    [Fact]
    public async Task Unrestricted_subscriber_gets_no_scope_note()
    {
        var reports = new RecordingSummary();
        var source = new ReportWeeklySummarySource(reports, new FixedPolicy([]));
        var subscription = new Subscription
        {
            Id = "s2",
            Reference = new ConversationReference { Channel = ConversationReference.Teams, User = "aad-1" },
            Cron = "0 9 * * 1",
            TimeZone = "Asia/Shanghai",
            Language = "en",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var answer = await source.ComposeAsync(subscription, new DateOnly(2026, 11, 23));

        Assert.Null(answer.DataScope);
        Assert.False(reports.Requests.Single().Scope!.IsRestricted);
        Assert.Equal(Language.En, reports.Requests.Single().Language);
    }

    private sealed class FixedPolicy(Dictionary<string, DataScope> scopes) : IAccessPolicy
    {
        public DataScope ScopeFor(string user) => scopes.GetValueOrDefault(user, DataScope.All);
    }

    private sealed class RecordingSummary : IWeeklySummary
    {
        public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

        public List<SummaryRequest> Requests { get; } = [];

        public Task<WeeklySummaryReport> BuildAsync(SummaryRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(new WeeklySummaryReport(
                "2026-W47", new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), request.Language,
                request.Language == Language.Zh ? "上周订单 1,234，环比 +5%" : "Orders 1,234 last week, +5%",
                "# summary", "<html></html>",
                [new ChartImage("kpis", "KPIs", Png, 1, 1)],
                [new SummaryKpi("orders", "订单数", 1234, 1175, CurrentText: "1,234", PreviousText: "1,175", ChangeText: "+5%")],
                [],
                DateTimeOffset.UnixEpoch));
        }
    }
}
