using System.Globalization;
using System.Text.RegularExpressions;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>What a subscription message asks for.</summary>
public enum SubscriptionAction
{
    Subscribe,
    Unsubscribe,
    List,
}

/// <summary>A recognised subscription command; <see cref="Weekday"/>/<see cref="Hour"/> are null when the person named none.</summary>
public sealed record SubscriptionCommand(SubscriptionAction Action, DayOfWeek? Weekday = null, int? Hour = null, int Minute = 0)
{
    /// <summary>Recognises "订阅周报" / "subscribe to the weekly summary" (optionally "每周一早上9点" / "every Monday 9am"), "取消订阅" / "unsubscribe", "我的订阅" / "my subscriptions"; null otherwise.</summary>
    public static SubscriptionCommand? Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length is 0 or > 200)
        {
            return null;
        }

        if (Regex.IsMatch(t, @"取消订阅|退订|不再订阅|停止订阅|\bunsubscribe\b|\bcancel (my |the )?(weekly )?(summary |report )?subscriptions?\b|\bstop (the |my )?weekly (summary|report)\b"))
        {
            return new SubscriptionCommand(SubscriptionAction.Unsubscribe);
        }

        if (Regex.IsMatch(t, @"我的订阅|查看订阅|订阅列表|有哪些订阅|\bmy subscriptions?\b|\b(list|show)( my)? subscriptions?\b"))
        {
            return new SubscriptionCommand(SubscriptionAction.List);
        }

        var zh = t.Contains("订阅") && (t.Contains("周报") || t.Contains("周总结") || Regex.IsMatch(t, @"^订阅[。.!！]?$"));
        var en = Regex.IsMatch(t, @"\bsubscribe\b") && (Regex.IsMatch(t, @"\b(weekly|summary|report|digest)\b") || Regex.IsMatch(t, @"^(please\s+)?subscribe\b"));
        if (!zh && !en)
        {
            return null;
        }

        var (hour, minute) = ParseTime(t);
        return new SubscriptionCommand(SubscriptionAction.Subscribe, ParseWeekday(t), hour, minute);
    }

    /// <summary>The five-field cron for this command, filling what was not named from <paramref name="defaultCron"/>.</summary>
    public string ToCron(string defaultCron)
    {
        var parts = defaultCron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            parts = ["0", "9", "*", "*", "1"];
        }

        var minute = Hour is null ? parts[0] : Minute.ToString(CultureInfo.InvariantCulture);
        var hour = Hour?.ToString(CultureInfo.InvariantCulture) ?? parts[1];
        var weekday = Weekday is { } d ? ((int)d).ToString(CultureInfo.InvariantCulture) : parts[4];
        return $"{minute} {hour} {parts[2]} {parts[3]} {weekday}";
    }

    private static DayOfWeek? ParseWeekday(string t)
    {
        var zh = Regex.Match(t, @"(?:周|星期|礼拜)([一二三四五六日天])");
        if (zh.Success)
        {
            return zh.Groups[1].Value switch
            {
                "一" => DayOfWeek.Monday,
                "二" => DayOfWeek.Tuesday,
                "三" => DayOfWeek.Wednesday,
                "四" => DayOfWeek.Thursday,
                "五" => DayOfWeek.Friday,
                "六" => DayOfWeek.Saturday,
                _ => DayOfWeek.Sunday,
            };
        }

        var en = Regex.Match(t, @"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b");
        return en.Success
            ? en.Groups[1].Value switch
            {
                "mon" => DayOfWeek.Monday,
                "tue" => DayOfWeek.Tuesday,
                "wed" => DayOfWeek.Wednesday,
                "thu" => DayOfWeek.Thursday,
                "fri" => DayOfWeek.Friday,
                "sat" => DayOfWeek.Saturday,
                _ => DayOfWeek.Sunday,
            }
            : null;
    }

    private static (int? Hour, int Minute) ParseTime(string t)
    {
        // 中文："早上9点" "下午3点半" "9点30" "9:30"; English: "9am" "9:30 pm" "at 15:00".
        var zh = Regex.Match(t, @"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?\s*(\d{1,2})\s*(?:点|時|时)\s*(半|(\d{1,2})\s*分?)?");
        if (zh.Success)
        {
            var hour = int.Parse(zh.Groups[2].Value, CultureInfo.InvariantCulture);
            var minute = zh.Groups[3].Value == "半" ? 30 : zh.Groups[4].Success ? int.Parse(zh.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
            if (zh.Groups[1].Value is "下午" or "傍晚" or "晚上" && hour < 12)
            {
                hour += 12;
            }

            return Valid(hour, minute);
        }

        var en = Regex.Match(t, @"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)");
        if (en.Success)
        {
            var hour = int.Parse(en.Groups[1].Value, CultureInfo.InvariantCulture) % 12;
            var minute = en.Groups[2].Success ? int.Parse(en.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            if (en.Groups[3].Value.StartsWith('p'))
            {
                hour += 12;
            }

            return Valid(hour, minute);
        }

        var clock = Regex.Match(t, @"\b(\d{1,2}):(\d{2})\b");
        return clock.Success
            ? Valid(int.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture))
            : (null, 0);
    }

    private static (int? Hour, int Minute) Valid(int hour, int minute) => hour is >= 0 and < 24 && minute is >= 0 and < 60 ? (hour, minute) : (null, 0);
}
