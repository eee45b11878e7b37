using System.Globalization;
using System.Security.Cryptography;
using Cronos;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// The pre-router hook for subscription commands: every channel asks it first, and only questions it does not
/// recognise go on to the analyst. Replies are <see cref="AnswerKind.Info"/> answers that ran no query.
/// </summary>
public sealed class SubscriptionDesk(
    SubscriptionStore store,
    IOptions<SubscriptionOptions> options,
    TimeProvider time,
    ILogger<SubscriptionDesk> logger)
{
    /// <summary>Handles a subscription command from <paramref name="reference"/>; null when the question is not one.</summary>
    public async Task<Answer?> TryHandleAsync(Question question, ConversationReference reference, CancellationToken cancellationToken = default)
    {
        if (SubscriptionCommand.Parse(question.Text) is not { } command)
        {
            return null;
        }

        var language = Languages.Detect(question.Text);
        string T(string zh, string en) => language == Language.Zh ? zh : en;
        var zone = options.Value.TimeZone ?? "Asia/Shanghai";

        switch (command.Action)
        {
            case SubscriptionAction.Subscribe:
            {
                var cron = command.ToCron(options.Value.DefaultCron);
                var mine = (await store.ListAsync(cancellationToken)).Count(s => s.Reference.User == reference.User);
                if (mine >= options.Value.MaxPerPerson)
                {
                    return Info(question, language, T($"你已有 {mine} 个订阅，已达上限。回复“我的订阅”查看，或“取消订阅”。", $"You already have {mine} subscriptions, the limit. Reply \"my subscriptions\" to see them or \"unsubscribe\"."));
                }

                var subscription = new Subscription
                {
                    Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                    Reference = reference,
                    Cron = cron,
                    TimeZone = zone,
                    Language = language.Code(),
                    CreatedAt = time.GetUtcNow(),
                };
                await store.AddAsync(subscription, cancellationToken);
                logger.LogInformation("Subscription {Id} for {Channel} user {User}: {Cron} {Zone}", subscription.Id, reference.Channel, reference.User, cron, zone);
                var next = NextOccurrence(subscription, time.GetUtcNow());
                return Info(question, language,
                    T($"已订阅周报：{Describe(cron, language)}（{zone}）发送，下次 {next}。回复“取消订阅”可退订。",
                      $"Subscribed to the weekly summary: {Describe(cron, language)} ({zone}); next on {next}. Reply \"unsubscribe\" to stop."));
            }

            case SubscriptionAction.Unsubscribe:
            {
                var removed = await store.RemoveAsync(reference, cancellationToken);
                return Info(question, language, removed > 0
                    ? T("已取消订阅，不再推送周报。", "Unsubscribed: no more weekly summaries.")
                    : T("你目前没有订阅。回复“订阅周报”即可订阅。", "You have no subscription. Reply \"subscribe to the weekly summary\" to start one."));
            }

            default:
            {
                var mine = (await store.ListAsync(cancellationToken)).Where(s => s.Reference.Key == reference.Key).ToList();
                if (mine.Count == 0)
                {
                    return Info(question, language, T("你目前没有订阅。回复“订阅周报”即可订阅。", "You have no subscription. Reply \"subscribe to the weekly summary\" to start one."));
                }

                var lines = mine.Select(s => T($"周报：{Describe(s.Cron, language)}（{s.TimeZone}），下次 {NextOccurrence(s, time.GetUtcNow())}",
                    $"Weekly summary: {Describe(s.Cron, language)} ({s.TimeZone}), next on {NextOccurrence(s, time.GetUtcNow())}"));
                return Info(question, language, T("你的订阅：", "Your subscriptions: ") + string.Join("；", lines));
            }
        }
    }

    /// <summary>"每周一 09:00" / "every Monday at 09:00" for the crons this desk writes; other crons verbatim.</summary>
    public static string Describe(string cron, Language language)
    {
        var p = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length == 5 && p[2] == "*" && p[3] == "*" && int.TryParse(p[0], out var minute) && int.TryParse(p[1], out var hour)
            && int.TryParse(p[4], out var dow) && dow is >= 0 and <= 7)
        {
            var day = (DayOfWeek)(dow % 7);
            var zhDays = new[] { "日", "一", "二", "三", "四", "五", "六" };
            return language == Language.Zh
                ? $"每周{zhDays[(int)day]} {hour:00}:{minute:00}"
                : string.Create(CultureInfo.InvariantCulture, $"every {day} at {hour:00}:{minute:00}");
        }

        return $"cron \"{cron}\"";
    }

    /// <summary>Next local send time of <paramref name="subscription"/> after <paramref name="now"/>, as "yyyy-MM-dd HH:mm".</summary>
    public static string NextOccurrence(Subscription subscription, DateTimeOffset now)
    {
        var zone = ReportingClock.FindZone(subscription.TimeZone);
        var next = CronExpression.Parse(subscription.Cron).GetNextOccurrence(now, zone);
        return next?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—";
    }

    private static Answer Info(Question question, Language language, string text) => Answer.Message(AnswerKind.Info, language, text, question.Text);
}
