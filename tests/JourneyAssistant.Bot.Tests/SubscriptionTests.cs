using System.Collections.Concurrent;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Subscription commands, the JSON store, and the weekly scheduler on a fake clock.</summary>
public sealed class SubscriptionTests
{
    // Sunday 2026-11-22 12:00 in Shanghai (04:00 UTC); the next Monday 09:00 Shanghai is 2026-11-23 01:00 UTC.
    private static readonly DateTimeOffset SundayNoonShanghai = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    private static readonly ConversationReference Zhang = new() { Channel = ConversationReference.WeCom, User = "zhangsan", ConversationId = "wecom:zhangsan" };

    [Theory]
    [InlineData("订阅周报", SubscriptionAction.Subscribe, null, null, 0)]
    [InlineData("每周一早上9点订阅周报", SubscriptionAction.Subscribe, DayOfWeek.Monday, 9, 0)]
    [InlineData("订阅周报，每周五下午3点半", SubscriptionAction.Subscribe, DayOfWeek.Friday, 15, 30)]
    [InlineData("请在星期日 20:15 给我发周报订阅", SubscriptionAction.Subscribe, DayOfWeek.Sunday, 20, 15)]
    [InlineData("subscribe to the weekly summary", SubscriptionAction.Subscribe, null, null, 0)]
    [InlineData("Subscribe every Monday 9am", SubscriptionAction.Subscribe, DayOfWeek.Monday, 9, 0)]
    [InlineData("subscribe me to the weekly report on wednesdays at 5:45 pm", SubscriptionAction.Subscribe, DayOfWeek.Wednesday, 17, 45)]
    [InlineData("取消订阅", SubscriptionAction.Unsubscribe, null, null, 0)]
    [InlineData("取消订阅周报", SubscriptionAction.Unsubscribe, null, null, 0)]
    [InlineData("unsubscribe", SubscriptionAction.Unsubscribe, null, null, 0)]
    [InlineData("我的订阅", SubscriptionAction.List, null, null, 0)]
    [InlineData("my subscriptions", SubscriptionAction.List, null, null, 0)]
    public void Commands_are_recognised_in_chinese_and_english(string text, SubscriptionAction action, DayOfWeek? day, int? hour, int minute)
    {
        Assert.Equal(new SubscriptionCommand(action, day, hour, minute), SubscriptionCommand.Parse(text));
    }

    [Theory]
    [InlineData("上周各渠道的转化率是多少？")]
    [InlineData("订阅用户的复购率是多少")]
    [InlineData("which subscribers converted last week?")]
    [InlineData("")]
    public void Questions_are_not_mistaken_for_commands(string text)
    {
        Assert.Null(SubscriptionCommand.Parse(text));
    }

    [Fact]
    public void Command_fills_unnamed_parts_from_the_default_schedule()
    {
        Assert.Equal("0 9 * * 1", SubscriptionCommand.Parse("订阅周报")!.ToCron("0 9 * * 1"));
        Assert.Equal("0 9 * * 5", SubscriptionCommand.Parse("每周五订阅周报")!.ToCron("0 9 * * 1"));
        Assert.Equal("30 8 * * 1", SubscriptionCommand.Parse("subscribe to the weekly summary at 8:30 am")!.ToCron("0 9 * * 1"));
    }

    [Fact]
    public async Task Subscribe_list_and_unsubscribe_round_trip_through_the_file()
    {
        var kit = new Kit();
        var desk = kit.Desk();

        var subscribed = await desk.TryHandleAsync(new Question("每周一早上9点订阅周报", "zhangsan", "wecom"), Zhang);
        var listed = await new Kit(kit.Path, kit.Time).Desk().TryHandleAsync(new Question("my subscriptions", "zhangsan", "wecom"), Zhang);
        var removed = await desk.TryHandleAsync(new Question("取消订阅", "zhangsan", "wecom"), Zhang);
        var after = await desk.TryHandleAsync(new Question("我的订阅", "zhangsan", "wecom"), Zhang);

        Assert.Equal(AnswerKind.Info, subscribed!.Kind);
        Assert.Equal("已订阅周报：每周一 09:00（Asia/Shanghai）发送，下次 2026-11-23 09:00。回复“取消订阅”可退订。", subscribed.Text);
        Assert.Equal("Your subscriptions: Weekly summary: every Monday at 09:00 (Asia/Shanghai), next on 2026-11-23 09:00", listed!.Text);
        Assert.Equal("已取消订阅，不再推送周报。", removed!.Text);
        Assert.Equal("你目前没有订阅。回复“订阅周报”即可订阅。", after!.Text);
        Assert.Null(await desk.TryHandleAsync(new Question("上周各渠道的转化率", "zhangsan", "wecom"), Zhang));
    }

    [Fact]
    public async Task Teams_reference_is_stored_with_service_url_conversation_and_tenant()
    {
        var kit = new Kit();
        var teams = new ConversationReference
        {
            Channel = ConversationReference.Teams,
            User = "aad-object-id-1",
            ConversationId = "a:1xyz",
            ServiceUrl = "https://smba.trafficmanager.net/apac/",
            TenantId = "tenant-1",
            BotId = "28:bot",
        };

        await kit.Desk().TryHandleAsync(new Question("subscribe to the weekly summary", "aad-object-id-1", "msteams"), teams);

        var stored = Assert.Single(await new Kit(kit.Path, kit.Time).Store.ListAsync());
        Assert.Equal(teams, stored.Reference);
        Assert.Equal("en", stored.Language);
    }

    [Fact]
    public async Task Subscription_fires_once_per_week_on_a_fake_clock()
    {
        var kit = new Kit();
        await kit.Subscribe("每周一早上9点订阅周报");
        var scheduler = kit.Scheduler();

        Assert.Equal(0, await scheduler.RunDueAsync()); // Sunday: nothing due
        kit.Time.Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(1)); // Monday 09:01 Shanghai
        Assert.Equal(1, await scheduler.RunDueAsync());
        kit.Time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await scheduler.RunDueAsync()); // same ISO week
        kit.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await scheduler.RunDueAsync());
        kit.Time.Advance(TimeSpan.FromDays(4)); // next Monday afternoon
        Assert.Equal(1, await scheduler.RunDueAsync());

        Assert.Equal(2, kit.Sender.Sent.Count);
        Assert.Equal(["2026-W48", "2026-W49"], (await kit.Store.DeliveriesAsync()).Select(d => d.IsoWeek));
        var asked = kit.Analyst.Questions.ToArray();
        Assert.Equal(("本周周报", "zhangsan", new DateOnly(2026, 11, 23)), (asked[0].Text, asked[0].User, asked[0].AsOf));
    }

    [Fact]
    public async Task Scheduler_survives_a_restart_without_sending_twice()
    {
        var kit = new Kit();
        await kit.Subscribe("订阅周报");
        kit.Time.Advance(TimeSpan.FromHours(22)); // Monday 10:00
        Assert.Equal(1, await kit.Scheduler().RunDueAsync());

        // A new process: new store, desk and scheduler over the same file.
        var restarted = new Kit(kit.Path, kit.Time);
        Assert.Equal(0, await restarted.Scheduler().RunDueAsync());
        Assert.Single(await restarted.Store.ListAsync());

        kit.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await restarted.Scheduler().RunDueAsync());
        Assert.Single(kit.Sender.Sent);
        Assert.Single(restarted.Sender.Sent);
    }

    [Fact]
    public async Task Failed_send_is_retried_with_backoff_and_sent_once()
    {
        var kit = new Kit();
        await kit.Subscribe("订阅周报");
        kit.Sender.FailuresLeft = 2;
        var scheduler = kit.Scheduler();
        kit.Time.Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(1));

        Assert.Equal(0, await scheduler.RunDueAsync()); // failure 1, retry after 2 min
        Assert.Equal(0, await scheduler.RunDueAsync()); // within backoff: no attempt
        kit.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await scheduler.RunDueAsync()); // failure 2, retry after 4 min
        kit.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await scheduler.RunDueAsync());
        kit.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await scheduler.RunDueAsync());

        Assert.Equal(3, kit.Sender.Attempts);
        Assert.Single(kit.Sender.Sent);
    }

    [Fact]
    public async Task Failed_summary_answer_is_not_sent_and_is_retried()
    {
        var kit = new Kit();
        await kit.Subscribe("订阅周报");
        kit.Analyst.FailuresLeft = 1;
        var scheduler = kit.Scheduler();
        kit.Time.Advance(TimeSpan.FromHours(22));

        Assert.Equal(0, await scheduler.RunDueAsync());
        kit.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await scheduler.RunDueAsync());
        Assert.Single(kit.Sender.Sent);
    }

    [Fact]
    public async Task Hosted_scheduler_sends_when_the_fake_clock_reaches_monday_nine()
    {
        var kit = new Kit();
        await kit.Subscribe("每周一早上9点订阅周报");
        using var scheduler = kit.Scheduler();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await WeComTestHost.WaitUntilAsync(() => kit.Time.GetUtcNow() >= SundayNoonShanghai, "start");
            for (var i = 0; i < 22 * 60 && kit.Sender.Sent.IsEmpty; i++)
            {
                kit.Time.Advance(TimeSpan.FromMinutes(1));
                if (i % 60 == 0)
                {
                    await Task.Delay(5); // let the poll loop observe the hour
                }
            }

            // Keep the fake clock moving while waiting: under load the poll loop may re-arm its timer only after the
            // loop above stopped advancing, and a fake timer fires only when the clock moves.
            await WeComTestHost.WaitUntilAsync(() =>
            {
                if (kit.Sender.Sent.IsEmpty)
                {
                    kit.Time.Advance(TimeSpan.FromSeconds(30));
                }

                return kit.Sender.Sent.Count == 1;
            }, "the Monday send");
            Assert.True(kit.Time.GetUtcNow() >= new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
            kit.Time.Advance(TimeSpan.FromHours(3));
            await Task.Delay(100);
            Assert.Single(kit.Sender.Sent);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Subscription_created_after_this_weeks_slot_waits_for_next_week()
    {
        var kit = new Kit();
        kit.Time.Advance(TimeSpan.FromHours(26)); // Monday 14:00, after 09:00
        await kit.Subscribe("订阅周报");

        Assert.Equal(0, await kit.Scheduler().RunDueAsync());
        kit.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await kit.Scheduler().RunDueAsync());
    }

    [Fact]
    public async Task Unreadable_subscription_file_is_reported_and_never_overwritten()
    {
        var kit = new Kit();
        await File.WriteAllTextAsync(kit.Path, "{ not json");

        await Assert.ThrowsAsync<InvalidOperationException>(() => kit.Subscribe("订阅周报"));
        Assert.Equal("{ not json", await File.ReadAllTextAsync(kit.Path));
    }

    /// <summary>Store, desk and scheduler over one file and one fake clock, with a recording analyst and sender.</summary>
    private sealed class Kit
    {
        public Kit(string? path = null, FakeTimeProvider? time = null)
        {
            Path = path ?? System.IO.Path.Combine(RepoPaths.NewScratchFolder("subscriptions"), "subscriptions.json");
            Time = time ?? new FakeTimeProvider(SundayNoonShanghai);
            Options = Microsoft.Extensions.Options.Options.Create(new SubscriptionOptions
            {
                Path = Path,
                TimeZone = "Asia/Shanghai",
                PollInterval = TimeSpan.FromMinutes(1),
                RetryDelay = TimeSpan.FromMinutes(2),
            });
            Store = new SubscriptionStore(Options, NullLogger<SubscriptionStore>.Instance);
        }

        public string Path { get; }

        public FakeTimeProvider Time { get; }

        public IOptions<SubscriptionOptions> Options { get; }

        public SubscriptionStore Store { get; }

        public RecordingAnalyst Analyst { get; } = new();

        public RecordingSender Sender { get; } = new();

        public SubscriptionDesk Desk() => new(Store, Options, Time, NullLogger<SubscriptionDesk>.Instance);

        public WeeklySummaryScheduler Scheduler() => new(Store, new AnalystWeeklySummarySource(Analyst), [Sender], Options, Time, NullLogger<WeeklySummaryScheduler>.Instance);

        public Task Subscribe(string text) => Desk().TryHandleAsync(new Question(text, Zhang.User, "wecom"), Zhang);
    }

    private sealed class RecordingSender : IProactiveSender
    {
        public ConcurrentQueue<(ConversationReference Reference, Answer Answer)> Sent { get; } = new();

        public int FailuresLeft;

        public int Attempts;

        public bool CanSend(ConversationReference reference) => true;

        public Task SendAsync(ConversationReference reference, Answer answer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Attempts);
            if (Interlocked.Decrement(ref FailuresLeft) >= 0)
            {
                throw new HttpRequestException("channel down");
            }

            Sent.Enqueue((reference, answer));
            return Task.CompletedTask;
        }
    }
}
