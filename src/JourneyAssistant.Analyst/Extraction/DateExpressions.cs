using System.Globalization;
using System.Text.RegularExpressions;
using JourneyAssistant.Analyst.Routing;

namespace JourneyAssistant.Analyst.Extraction;

/// <summary>An inclusive range of local dates found in a question, with the words it came from.</summary>
public sealed record DateRangeMatch(DateOnly Start, DateOnly End, string Text)
{
    /// <summary>The skill argument form: "YYYY-MM-DD..YYYY-MM-DD".</summary>
    public string Argument => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";

    /// <summary>True when the range ends after <paramref name="asOf"/> would allow, i.e. it covers a period still in progress.</summary>
    public bool IsPartial(DateOnly asOf) => End >= asOf;
}

/// <summary>
/// Finds date ranges in Chinese and English questions relative to an as-of date (the reporting zone's "today"):
/// 上周, 本月, 最近7天, 过去两周, 2026年11月9日, 11月, Q3, 2026-W46, 第46周, last week, last 30 days, Nov 9 2026, between X and Y.
/// </summary>
public static partial class DateExpressions
{
    /// <summary>The first date range in the question, or null. Explicit ranges ("between X and Y", "X到Y") win over single dates.</summary>
    public static DateRangeMatch? Find(string question, DateOnly asOf)
    {
        var text = TextTokens.Normalize(question);

        var between = BetweenPattern().Match(text);
        if (between.Success)
        {
            var from = SingleAt(between.Groups["a"].Value.Trim(), asOf);
            var to = SingleAt(between.Groups["b"].Value.Trim(), asOf, from?.Start);
            if (from is not null && to is not null && to.End >= from.Start)
            {
                return new DateRangeMatch(from.Start, to.End, between.Value.Trim());
            }
        }

        return Scan(text, asOf).OrderBy(m => m.Index).Select(m => m.Match).FirstOrDefault();
    }

    private static DateRangeMatch? SingleAt(string text, DateOnly asOf, DateOnly? after = null)
    {
        var found = Scan(text, asOf).OrderBy(m => m.Index).Select(m => m.Match).FirstOrDefault();
        if (found is null && after is { } start)
        {
            // "11月1日到9日", "Nov 1 to 9": a bare day number inherits the start's month.
            var day = BareDay().Match(text);
            if (day.Success && TryDate(start.Year, start.Month, ParseNumber(day.Groups["d"].Value), out var d))
            {
                return new DateRangeMatch(d, d, text);
            }
        }

        return found;
    }

    private static IEnumerable<(int Index, DateRangeMatch Match)> Scan(string text, DateOnly asOf)
    {
        var monday = asOf.AddDays(-(((int)asOf.DayOfWeek + 6) % 7));
        var monthStart = new DateOnly(asOf.Year, asOf.Month, 1);
        var consumed = new List<(int Start, int End)>();

        IEnumerable<(int, DateRangeMatch)> Take(Regex regex, Func<Match, DateRangeMatch?> make)
        {
            foreach (Match m in regex.Matches(text))
            {
                if (consumed.Any(c => m.Index < c.End && c.Start < m.Index + m.Length))
                {
                    continue;
                }

                var range = make(m);
                if (range is not null)
                {
                    consumed.Add((m.Index, m.Index + m.Length));
                    yield return (m.Index, range with { Text = m.Value.Trim() });
                }
            }
        }

        // Most specific first: full dates before month names before relative words, so "11月9日" is not read as "11月".
        foreach (var hit in Take(IsoDate(), m => Day(ParseNumber(m.Groups["y"].Value), ParseNumber(m.Groups["m"].Value), ParseNumber(m.Groups["d"].Value))))
        {
            yield return hit;
        }

        foreach (var hit in Take(IsoWeek(), m => Week(ParseNumber(m.Groups["y"].Value), ParseNumber(m.Groups["w"].Value))))
        {
            yield return hit;
        }

        foreach (var hit in Take(LastN(), m =>
                 {
                     // "上周"/"last week" are calendar weeks (handled below); only a number makes a rolling window ("最近一周", "past 2 weeks").
                     if (!m.Groups["n"].Success || m.Groups["n"].Value.Length == 0)
                     {
                         return null;
                     }

                     var n = ParseNumber(m.Groups["n"].Value);
                     if (n is < 1 or > 3660)
                     {
                         return null;
                     }

                     var unit = m.Groups["u"].Value;
                     if (unit.StartsWith('天') || unit.StartsWith('日') || unit.StartsWith("day", StringComparison.Ordinal))
                     {
                         return new DateRangeMatch(asOf.AddDays(-(n - 1)), asOf, "");
                     }

                     if (unit.Contains('周') || unit.Contains("星期", StringComparison.Ordinal) || unit.StartsWith("week", StringComparison.Ordinal))
                     {
                         return new DateRangeMatch(asOf.AddDays(-(7 * n) + 1), asOf, "");
                     }

                     return unit.StartsWith("year", StringComparison.Ordinal) || unit.Contains('年')
                         ? new DateRangeMatch(asOf.AddYears(-n).AddDays(1), asOf, "")
                         : new DateRangeMatch(asOf.AddMonths(-n).AddDays(1), asOf, "");
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(ZhFullDate(), m =>
                 {
                     var month = ParseNumber(m.Groups["m"].Value);
                     var day = ParseNumber(m.Groups["d"].Value);
                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : InferYear(month, day, asOf);
                     return Day(year, month, day);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(EnMonthDay(), m =>
                 {
                     var month = MonthNumber(m.Groups["mon"].Value);
                     var day = ParseNumber(m.Groups["d"].Value);
                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : InferYear(month, day, asOf);
                     return Day(year, month, day);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(EnDayMonth(), m =>
                 {
                     var month = MonthNumber(m.Groups["mon"].Value);
                     var day = ParseNumber(m.Groups["d"].Value);
                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : InferYear(month, day, asOf);
                     return Day(year, month, day);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(ZhMonth(), m =>
                 {
                     var month = ParseNumber(m.Groups["m"].Value);
                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : InferYear(month, 1, asOf);
                     return Month(year, month, asOf);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(EnMonth(), m =>
                 {
                     // "may" is usually the verb: only a month with "in" or a year.
                     if (m.Groups["mon"].Value == "may" && !m.Groups["in"].Success && !m.Groups["y"].Success)
                     {
                         return null;
                     }

                     var month = MonthNumber(m.Groups["mon"].Value);
                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : InferYear(month, 1, asOf);
                     return Month(year, month, asOf);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(Quarter(), m =>
                 {
                     var q = ParseNumber(m.Groups["q"].Value);
                     if (q is < 1 or > 4)
                     {
                         return null;
                     }

                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : (q * 3 - 2 > asOf.Month ? asOf.Year - 1 : asOf.Year);
                     var start = new DateOnly(year, q * 3 - 2, 1);
                     return Clip(start, start.AddMonths(3).AddDays(-1), asOf);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(WeekNumber(), m =>
                 {
                     var week = ParseNumber(m.Groups["w"].Value);
                     var year = m.Groups["y"].Success ? ParseNumber(m.Groups["y"].Value) : asOf.Year;
                     return Week(year, week);
                 }))
        {
            yield return hit;
        }

        foreach (var hit in Take(Relative(), m => m.Value.Trim() switch
                 {
                     "上上周" or "上上个星期" or "week before last" or "the week before last" => new DateRangeMatch(monday.AddDays(-14), monday.AddDays(-8), ""),
                     "上周" or "上个星期" or "上星期" or "上礼拜" or "上个礼拜" or "last week" or "previous week" or "past week" or "prior week" => new DateRangeMatch(monday.AddDays(-7), monday.AddDays(-1), ""),
                     "本周" or "这周" or "这个星期" or "本星期" or "这礼拜" or "这个礼拜" or "this week" or "current week" or "week to date" or "wtd" => new DateRangeMatch(monday, asOf, ""),
                     "上上个月" => Month(asOf.AddMonths(-2).Year, asOf.AddMonths(-2).Month, asOf),
                     "上个月" or "上月" or "last month" or "previous month" or "past month" or "prior month" => Month(asOf.AddMonths(-1).Year, asOf.AddMonths(-1).Month, asOf),
                     "本月" or "这个月" or "当月" or "这月" or "this month" or "current month" or "month to date" or "mtd" => new DateRangeMatch(monthStart, asOf, ""),
                     "今年" or "本年" or "this year" or "year to date" or "ytd" => new DateRangeMatch(new DateOnly(asOf.Year, 1, 1), asOf, ""),
                     "去年" or "last year" or "previous year" => new DateRangeMatch(new DateOnly(asOf.Year - 1, 1, 1), new DateOnly(asOf.Year - 1, 12, 31), ""),
                     "今天" or "今日" or "today" => new DateRangeMatch(asOf, asOf, ""),
                     "昨天" or "昨日" or "yesterday" => new DateRangeMatch(asOf.AddDays(-1), asOf.AddDays(-1), ""),
                     "前天" or "day before yesterday" => new DateRangeMatch(asOf.AddDays(-2), asOf.AddDays(-2), ""),
                     "全部" or "所有时间" or "历史以来" or "有史以来" or "all time" or "all-time" or "ever" => new DateRangeMatch(new DateOnly(2000, 1, 1), asOf, ""),
                     // "所有数据里…" / "over all data": the whole store, like all time (the rest of the pattern's alternatives).
                     var v when v.Contains("数据", StringComparison.Ordinal) || v.Contains("历史", StringComparison.Ordinal) || v.Contains("全部时间", StringComparison.Ordinal)
                         || v.Contains("data", StringComparison.OrdinalIgnoreCase) || v.Contains("history", StringComparison.OrdinalIgnoreCase)
                         || v.StartsWith("since the", StringComparison.OrdinalIgnoreCase) => new DateRangeMatch(new DateOnly(2000, 1, 1), asOf, ""),
                     _ => null,
                 }))
        {
            yield return hit;
        }
    }

    private static DateRangeMatch? Day(int year, int month, int day) =>
        TryDate(year, month, day, out var d) ? new DateRangeMatch(d, d, "") : null;

    private static DateRangeMatch? Month(int year, int month, DateOnly asOf)
    {
        if (month is < 1 or > 12 || year is < 2000 or > 2100)
        {
            return null;
        }

        var start = new DateOnly(year, month, 1);
        return Clip(start, start.AddMonths(1).AddDays(-1), asOf);
    }

    private static DateRangeMatch? Week(int year, int week)
    {
        if (week is < 1 or > 53 || year is < 2000 or > 2100)
        {
            return null;
        }

        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return new DateRangeMatch(monday, monday.AddDays(6), "");
    }

    // A period still running ends "today", so partial-period caveats and the SQL agree.
    private static DateRangeMatch Clip(DateOnly start, DateOnly end, DateOnly asOf) =>
        new(start, end > asOf && start <= asOf ? asOf : end, "");

    private static int InferYear(int month, int day, DateOnly asOf) =>
        TryDate(asOf.Year, month, Math.Min(day, 28), out var d) && d > asOf ? asOf.Year - 1 : asOf.Year;

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 2000 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static int MonthNumber(string name) => name[..3] switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };

    /// <summary>Parses Arabic digits, Chinese numerals (七, 十二, 三十, 两) and English number words up to ninety-nine.</summary>
    public static int ParseNumber(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return 0;
        }

        if (text.All(char.IsAsciiDigit))
        {
            return text.Length > 6 ? 0 : TextTokens.ParseInt(text);
        }

        if (EnglishNumbers.TryGetValue(text, out var english))
        {
            return english;
        }

        var value = 0;
        var current = 0;
        foreach (var c in text)
        {
            var digit = "零一二三四五六七八九".IndexOf(c);
            if (c == '两')
            {
                digit = 2;
            }

            if (digit >= 0)
            {
                current = digit;
            }
            else if (c == '十')
            {
                value += (current == 0 ? 1 : current) * 10;
                current = 0;
            }
            else if (c == '百')
            {
                value += (current == 0 ? 1 : current) * 100;
                current = 0;
            }
        }

        return value + current;
    }

    private static readonly Dictionary<string, int> EnglishNumbers = new(StringComparer.Ordinal)
    {
        ["a"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fourteen"] = 14, ["fifteen"] = 15,
        ["twenty"] = 20, ["thirty"] = 30, ["sixty"] = 60, ["ninety"] = 90, ["couple of"] = 2, ["few"] = 3,
    };

    private const string Num = @"(?:\d{1,4}|[零一二两三四五六七八九十百]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety|couple of|few|a)";
    private const string MonthName = @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    [GeneratedRegex(@"(?:between|from)\s+(?<a>.+?)\s+(?:and|to|through|until|-)\s+(?<b>[^,?.;]+)|(?:从)?(?<a>[0-9一二三四五六七八九十两年月日号wq\-/第周]+?)\s*(?:到|至|~|～|—)\s*(?<b>[0-9一二三四五六七八九十两年月日号wq\-/第周]+)")]
    private static partial Regex BetweenPattern();

    [GeneratedRegex(@"(?<!\d)(?<y>20\d\d)[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<y>20\d\d)-?w(?<w>\d{1,2})(?!\d)")]
    private static partial Regex IsoWeek();

    [GeneratedRegex(@"(?:(?<y>20\d\d)\s*年\s*)?(?<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")]
    private static partial Regex ZhFullDate();

    [GeneratedRegex(@"(?<!\w)(?<mon>" + MonthName + @")\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s*(?<y>20\d\d))?")]
    private static partial Regex EnMonthDay();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?<mon>" + MonthName + @")(?!\w)\.?(?:,?\s*(?<y>20\d\d))?")]
    private static partial Regex EnDayMonth();

    [GeneratedRegex(@"(?:(?<y>20\d\d)\s*年\s*)?(?<!第)(?<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?!\s*(?:\d|[一二三四五六七八九十]))(?!份?\s*[日号])")]
    private static partial Regex ZhMonth();

    [GeneratedRegex(@"(?<!\w)(?<in>in\s+)?(?<mon>" + MonthName + @")(?!\w)(?:\s+(?<y>20\d\d))?")]
    private static partial Regex EnMonth();

    [GeneratedRegex(@"(?:(?<y>20\d\d)\s*年?\s*)?(?:(?<![a-z])q(?<q>[1-4])(?!\d)(?:\s*(?<y>20\d\d))?|第?(?<q>[一二三四1-4])\s*季度?)")]
    private static partial Regex Quarter();

    [GeneratedRegex(@"(?:(?<y>20\d\d)\s*年?\s*)?第\s*(?<w>\d{1,2}|[一二三四五六七八九十]{1,3})\s*周|(?<![a-z])(?:week|wk)\s*(?<w>\d{1,2})(?:\s*(?:of\s+)?(?<y>20\d\d))?")]
    private static partial Regex WeekNumber();

    [GeneratedRegex(@"(?:最近|近|过去|前(?=\s*(?:\d|[一二两三四五六七八九十])+\s*(?:天|日|个?月|周|个?星期))|the\s+last|last|past|the\s+past|previous|in\s+the\s+last|in\s+the\s+past|within)\s*(?<n>" + Num + @")?\s*(?<u>天|日|个?月|周|个?星期|个?礼拜|年|days?|weeks?|months?|years?)")]
    private static partial Regex LastN();

    [GeneratedRegex(@"上上个?周|上上个星期|the week before last|week before last|上个?星期|上个?礼拜|上周|last week|previous week|past week|prior week|本周|这周|这个?星期|本星期|这个?礼拜|this week|current week|week to date|\bwtd\b|上上个月|上个?月|last month|previous month|past month|prior month|本月|这个?月|当月|this month|current month|month to date|\bmtd\b|今年|本年|this year|year to date|\bytd\b|去年|last year|previous year|今天|今日|today|昨天|昨日|yesterday|前天|day before yesterday|所有时间|历史以来|有史以来|all[- ]time|所有的?数据|全部的?数据|全部历史|全部时间|整个数据|全量数据|over all(?: the)? data|across all(?: the)? data|in all(?: the)? data|all of the data|the whole data ?set|the entire data ?set|the whole history|since the (?:beginning|start)")]
    private static partial Regex Relative();

    [GeneratedRegex(@"(?<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]?")]
    private static partial Regex BareDay();
}
