using System.Globalization;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Narration;

/// <summary>What the sanity check found: one-line caveats, and a headline to use instead when the data can't carry the answer's claim.</summary>
public sealed record SanityReport(IReadOnlyList<string> Caveats, string? Headline)
{
    public static SanityReport None { get; } = new([], null);
}

/// <summary>
/// Looks at a skill result and its period before it is told as a finding (issue 16): a rate of exactly 0 % or 100 % in
/// the row the answer leads with, every rate 0 %, a step nobody reaches, a best-vs-worst gap inside the noise (a
/// two-proportion test, told with 95 % Wilson intervals), and a period that runs past the data's last day or covers only part of a week. Each finding
/// is one line in the answer's language; when every rate is 0 % the headline says the data looks wrong instead.
/// </summary>
public static class ResultSanity
{
    /// <summary>Groups smaller than this are left out of the best-against-worst test (they carry a small-sample caveat).</summary>
    public const int SmallSample = 30;

    /// <summary>z for a two-sided 95 % interval.</summary>
    private const double Z = 1.959964;

    public static SanityReport Check(SkillDefinition skill, SkillResult result, Language language, Func<ResultColumn, object?, string> label, DateOnly? dataLast, DateOnly asOf)
    {
        var zh = language == Language.Zh;
        var caveats = new List<string>();
        string? headline = null;
        var range = result.Parameters.Values.OfType<DateRange>().FirstOrDefault();
        // Today is never complete (another caveat says so); only days that should have data by now and have none count.
        if (range is { IsAll: false } && dataLast is { } last && (range.End < asOf ? range.End : asOf.AddDays(-1)) > last && range.Start <= last)
        {
            var days = last.DayNumber - range.Start.DayNumber + 1;
            var total = range.End.DayNumber - range.Start.DayNumber + 1;
            caveats.Add(total == 7 && range.Start.DayOfWeek == DayOfWeek.Monday
                ? zh ? $"这一周只有 {days} 天有数据（数据到 {last:yyyy-MM-dd}），是不完整的一周，和完整的周比会偏低。"
                     : $"This week has data for only {days} day(s) (the data ends {last:yyyy-MM-dd}): a partial week, so it reads low against full weeks."
                : zh ? $"数据只到 {last:yyyy-MM-dd}，统计期后面的 {total - days} 天没有数据。"
                     : $"The data ends {last:yyyy-MM-dd}; the last {total - days} day(s) of the period have none.");
        }

        if (result.Rows.Count == 0)
        {
            return new SanityReport(caveats, null);
        }

        if (Reversed(result) is { } turned)
        {
            var (first, second) = (label(turned.Column, turned.First), label(turned.Column, turned.Second));
            caveats.Add(zh
                ? $"按这家店的旅程顺序，{first}在{second}之前，所以从{first}算到{second}。"
                : $"In this store's journey {first} comes before {second}, so this runs from {first} to {second}.");
        }

        var dimension = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Role == ColumnRole.Dimension && x.c.Dictionary is not null);
        if (dimension.c is null)
        {
            dimension = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Role == ColumnRole.Dimension);
        }

        var count = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Role == ColumnRole.Count);
        string Name(object?[] row) => dimension.c is null ? "" : label(dimension.c, row[dimension.i]);

        if (count.c is not null && dimension.c is not null && result.Rows.Count > 1)
        {
            var emptyRows = result.Rows.Where(r => Number(r[count.i]) == 0).ToList();
            var empty = emptyRows.Select(Name).ToList();
            // A step the question named that nobody in this store reaches is a name the store doesn't use, not a 100 % loss.
            var named = emptyRows.Where(r => r[dimension.i] is string id && (Equals(result.Parameters.GetValueOrDefault("from_step"), id) || Equals(result.Parameters.GetValueOrDefault("to_step"), id)))
                .Select(Name).ToList();
            if (named.Count > 0)
            {
                headline = zh
                    ? $"这份数据里没有人到达{string.Join("、", named)}：本库的旅程里可能没有这一步，或它在这里叫别的名字，所以不能据此说这一步流失了多少。用 `journey db profile` 查看本库的步骤，再用那里的名字提问。"
                    : $"Nobody in this data reaches {string.Join(", ", named)}: this store's journey may not have that step, or calls it something else, so it says nothing about a loss there. See this store's steps with `journey db profile` and ask with their names.";
            }

            if (empty.Count > 0)
            {
                caveats.Add(zh
                    ? $"{string.Join("、", empty)}的{count.c.Label[language]}为 0：这一项在数据里没有人，可能是这一步缺失或名字没有映射，不是真实的结果。"
                    : $"{string.Join(", ", empty)} has 0 in \"{count.c.Label[language]}\": nobody is there in this data, which usually means a missing step or an unmapped name rather than a real result.");
            }
        }

        // A one-row answer ("复购率为 0.0%：346 位购买者中有 0 位…") leads with its first rate even without a declared focus.
        var by = skill.Focus?.By ?? (result.Rows.Count == 1 ? result.Columns.FirstOrDefault(c => c.Role == ColumnRole.Percent)?.Name : null);
        var descending = skill.Focus?.Descending ?? true;
        if (by is null || result.IndexOf(by) is not (var at and >= 0) || result.Columns[at].Role != ColumnRole.Percent)
        {
            return new SanityReport(caveats, headline);
        }

        var rate = result.Columns[at];
        var rated = result.Rows.Where(r => Number(r[at]) is not null).ToList();
        if (rated.Count == 0)
        {
            return new SanityReport(caveats, headline);
        }

        var rateLabel = rate.Label[language];
        if (rated.All(r => Number(r[at]) == 0) && (count.c is null || rated.Any(r => Number(r[count.i]) > 0)))
        {
            // One row: say what the 0 % rests on ("346 位购买者"), so the reader sees it is not a small sample.
            var basis = rated.Count == 1 && count.c is not null && Number(rated[0][count.i]) is { } n
                ? zh ? $"（{count.c.Label[language]} {n:#,##0}）" : $" ({count.c.Label[language]}: {n:#,##0})"
                : "";
            headline = zh
                ? $"这份数据里所有的{rateLabel}都是 0 %{basis}——这更像是数据问题（没有标记代表购买的转化事件，或少了一步），而不是结论。请用 `journey db profile` 确认哪一个事件代表购买。"
                : $"Every {char.ToLowerInvariant(rateLabel[0])}{rateLabel[1..]} in this data is 0 %{basis} — that looks like a data problem (no event flagged as the purchase, or a missing step) rather than a finding. Check which event means a purchase with `journey db profile`.";
        }
        else
        {
            var lead = descending ? rated.MaxBy(r => Number(r[at])!.Value)! : rated.MinBy(r => Number(r[at])!.Value)!;
            if (Number(lead[at]) is 0 or 1)
            {
                caveats.Add(zh
                    ? $"{Name(lead)}的{rateLabel}正好是 {Percent(Number(lead[at])!.Value)}：这通常说明数据少了一步或事件没有映射，请先核对数据再下结论。"
                    : $"{rateLabel} for {Name(lead)} is exactly {Percent(Number(lead[at])!.Value)}: that usually means a missing step or an unmapped event; check the data before acting on it.");
            }
        }

        // Groups under the small-sample bar get their own caveat; best against worst is read among the rest.
        var sizable = count.c is null ? [] : rated.Where(r => Number(r[count.i]) >= SmallSample).ToList();
        if (headline is null && sizable.Count >= 2)
        {
            var high = sizable.MaxBy(r => Number(r[at])!.Value)!;
            var low = sizable.MinBy(r => Number(r[at])!.Value)!;
            if (Interval(high, at, count.i) is { } h && Interval(low, at, count.i) is { } l && !Differs(h.P, h.N, l.P, l.N))
            {
                caveats.Add(zh
                    ? $"最高的{Name(high)}（{Percent(h.P)}，95% 置信区间 {Percent(h.Low)}–{Percent(h.High)}）和最低的{Name(low)}（{Percent(l.P)}，{Percent(l.Low)}–{Percent(l.High)}）的差距在随机波动范围内，不能据此说谁更好。"
                    : $"The gap between the highest, {Name(high)} ({Percent(h.P)}, 95 % CI {Percent(h.Low)}–{Percent(h.High)}), and the lowest, {Name(low)} ({Percent(l.P)}, {Percent(l.Low)}–{Percent(l.High)}), is within noise: it does not show which is better.");
            }
        }

        return new SanityReport(caveats, headline);
    }

    /// <summary>
    /// What to do when <see cref="SanityReport.Headline"/> says the data looks wrong: the skill's own advice would act on a
    /// 0 % ("复购率只有 0.0%：完善会员权益…"), so these two data checks replace it.
    /// </summary>
    public static IReadOnlyList<NarratedRecommendation> DataChecks(Language language) => language == Language.Zh
        ?
        [
            new("先用 `journey db profile` 看这家店的转化事件和旅程步骤是否符合业务（哪一个事件代表购买、有没有少一步）。", "转化事件与旅程步骤", "数据负责人"),
            new("用 `journey dictionary suggest` 查看带金额却未标为转化的自定义事件（如复购、到店自提），确认后在词典覆盖文件里标 conversion: true，再重新提问。", "未标记的转化候选事件", "数据负责人"),
        ]
        :
        [
            new("First check with `journey db profile` that this store's conversion event and journey steps match the business (which event means a purchase, whether a step is missing).", "Conversion event and journey steps", "Data owner"),
            new("Run `journey dictionary suggest` for custom events that carry amounts but are not flagged as conversions (a repeat purchase, a store pickup); flag the right ones conversion: true in the dictionary overlay, then ask again.", "Unflagged conversion candidates", "Data owner"),
        ];

    /// <summary>
    /// Two named steps (from_step, to_step) that the result runs the other way round, because the store's journey has
    /// them in the opposite order: its first and last rows are the named steps swapped.
    /// </summary>
    private static (ResultColumn Column, string First, string Second)? Reversed(SkillResult result)
    {
        if (result.Parameters.GetValueOrDefault("from_step") is not string from || result.Parameters.GetValueOrDefault("to_step") is not string to
            || from == to || result.Rows.Count < 2)
        {
            return null;
        }

        var at = result.Columns.ToList().FindIndex(c => c.Dictionary == Store.Dictionary.DictionaryKind.Touchpoint);
        return at >= 0 && Equals(result.Rows[0][at], to) && Equals(result.Rows[^1][at], from) ? (result.Columns[at], to, from) : null;
    }

    /// <summary>The 95 % Wilson score interval of a rate <paramref name="p"/> observed over <paramref name="n"/>.</summary>
    public static (double Low, double High) Wilson(double p, double n)
    {
        var denominator = 1 + Z * Z / n;
        var centre = (p + Z * Z / (2 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// True when two rates differ beyond chance: a two-sided two-proportion z-test at 5 %. (Overlapping 95 % intervals
    /// are not that test: 58/407 against 14/203 overlap, yet differ at z = 2.7.)
    /// </summary>
    public static bool Differs(double p1, double n1, double p2, double n2)
    {
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        return se > 0 ? Math.Abs(p1 - p2) / se >= Z : p1 != p2;
    }

    private static (double P, double N, double Low, double High)? Interval(object?[] row, int rate, int count)
    {
        if (Number(row[rate]) is not { } p || Number(row[count]) is not { } n || n < 1)
        {
            return null;
        }

        var (low, high) = Wilson(p, n);
        return (p, n, low, high);
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A result cell as a number (any integer, decimal or finite floating value), or null.</summary>
    public static double? Number(object? value) => value switch
    {
        double d when double.IsNaN(d) || double.IsInfinity(d) => null,
        double d => d,
        float f => f,
        decimal m => (double)m,
        long or int or short or byte or ulong or uint or ushort or sbyte or System.Numerics.BigInteger => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => null,
    };
}
