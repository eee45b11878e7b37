using System.Globalization;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Periods;

/// <summary>
/// Where relative periods are counted from. Normally "today" in the reporting zone; when the data ends before today
/// (a stale export) and the policy is <see cref="StaleDataPolicy.DataEnd"/>, from the data's last day instead, so
/// "上周" is the last complete week in the data and "最近7天" its last seven days. An explicit as-of date always wins.
/// </summary>
public sealed class PeriodAnchor(DateOnly today, DataProfile data, bool isStale)
{
    /// <summary>Today in the reporting zone, or the explicit as-of date.</summary>
    public DateOnly Today { get; } = today;

    /// <summary>The store's date range and dimension values for the asking user.</summary>
    public DataProfile Data { get; } = data;

    /// <summary>True when relative periods are counted from the data's end instead of today.</summary>
    public bool IsStale { get; } = isStale;

    /// <summary>The anchor for a question: stale only under the data-end policy, without an explicit as-of, when today is past the data.</summary>
    public static PeriodAnchor For(DateOnly today, bool explicitAsOf, string policy, DataProfile data) =>
        new(today, data, !explicitAsOf && policy != StaleDataPolicy.Clock && data.Last is { } last && today > last);

    /// <summary>As-of for skill defaults and "current" periods: the data's last day when stale, else today.</summary>
    public DateOnly AsOf => IsStale ? Data.Last!.Value : Today;

    /// <summary>
    /// The question's facts with its period resolved against the anchor. A period that ends before the data does
    /// ("上周", "上个月", "昨天") is counted from the day after the data's end, so it is the last complete one; a period
    /// still running at that point ("本周", "最近7天", "今天") is counted from the data's last day, so it holds no empty days.
    /// </summary>
    public QuestionFacts Extract(FactExtractor extractor, string text)
    {
        var clock = extractor.Extract(text, Today);
        if (!IsStale)
        {
            return WithStoreTouchpoints(clock);
        }

        var last = Data.Last!.Value;
        var facts = extractor.Extract(text, last.AddDays(1));
        facts = facts.Period is { } period && period.End > last ? extractor.Extract(text, last) : facts;
        // "2026年11月9日" means the same on any day: only words that moved with the anchor get the note.
        Shifted = facts.Period is null || facts.Period.Argument != clock.Period?.Argument;
        return WithStoreTouchpoints(facts);
    }

    // The store's own touchpoint names (custom:商品详情) are in no dictionary the extractor was built from. They are kept
    // apart from the dictionary's mentions: only a skill's ordered touchpoint slots ("从商品详情到支付页") read them, so
    // no filter or refusal starts firing on words like 支付成功 that other questions use as plain words.
    private QuestionFacts WithStoreTouchpoints(QuestionFacts facts)
    {
        var added = new List<EntityMention>();
        foreach (var id in (Data.Touchpoints ?? []).Where(t => t.StartsWith(CustomNames.Prefix, StringComparison.Ordinal)).OrderByDescending(t => t.Length))
        {
            var name = TextTokens.Normalize(id[CustomNames.Prefix.Length..]);
            var at = name.Length < 2 ? -1 : facts.Normalized.IndexOf(name, StringComparison.Ordinal);
            if (at >= 0 && !facts.Entities.Concat(added).Any(e => at < e.Index + e.Length && e.Index < at + name.Length))
            {
                added.Add(new EntityMention(DictionaryKind.Touchpoint, id, at, name.Length));
            }
        }

        facts = WithOwnTouchpoints(facts);
        return added.Count == 0 ? facts : facts with { StoreTouchpoints = added };
    }

    // A dictionary touchpoint the store has no rows for ("广告" → ad) that names exactly one of the store's own touchpoints
    // ("广告点击") means that one: a retail chain asking "从点广告到付款成功" asks about its own ad-click step, and a funnel or
    // filter on our `ad` id would count nobody there.
    private QuestionFacts WithOwnTouchpoints(QuestionFacts facts)
    {
        var held = Data.Touchpoints ?? [];
        if (held.Count == 0)
        {
            return facts;
        }

        var changed = false;
        var entities = facts.Entities.Select(e =>
        {
            if (e.Kind != DictionaryKind.Touchpoint || held.Contains(e.Id, StringComparer.Ordinal) || e.Length < 2)
            {
                return e;
            }

            var word = facts.Normalized.Substring(e.Index, e.Length);
            var own = held.Where(t => CustomNames.IsCustom(t) && TextTokens.Normalize(CustomNames.NameOf(t)).Contains(word, StringComparison.Ordinal)).Take(2).ToList();
            if (own.Count != 1)
            {
                return e;
            }

            changed = true;
            return e with { Id = own[0] };
        }).ToList();
        return changed ? facts with { Entities = entities } : facts;
    }

    /// <summary>True when the last <see cref="Extract"/> moved the question's period (or it had none, so a default applies).</summary>
    public bool Shifted { get; private set; } = true;

    /// <summary>
    /// A skill's default period preset ("last_week", "last_30_days") resolved the same way as a relative question,
    /// as a "start..end" argument; null when the data is not stale or the default is not a preset.
    /// </summary>
    public string? DefaultPeriod(string? preset)
    {
        if (!IsStale || preset is null)
        {
            return null;
        }

        var last = Data.Last!.Value;
        var range = DateRange.TryResolve(preset, last.AddDays(1));
        if (range is { IsAll: false } && range.End > last)
        {
            range = DateRange.TryResolve(preset, last);
        }

        return range is null || range.IsAll ? null : range.ToString();
    }

    /// <summary>
    /// The sentence that leads a stale answer: "数据截至 2026-11-22；“上周”按 11-16 至 11-22 计算。" /
    /// "Data ends 2026-11-22; 'last week' is taken as Nov 16–22." Null when the data is not stale.
    /// </summary>
    public string? Note(Language language, DateRangeMatch? asked, DateRange? used)
    {
        if (!IsStale || !Shifted)
        {
            return null;
        }

        var zh = language == Language.Zh;
        var end = Data.Last!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (used is null || used.IsAll)
        {
            return zh ? $"数据截至 {end}。" : $"Data ends {end}. ";
        }

        var words = asked is { Text.Length: > 0 } ? asked.Text : null;
        if (zh)
        {
            var range = $"{used.Start:MM-dd} 至 {used.End:MM-dd}";
            return words is null ? $"数据截至 {end}；时间范围按 {range} 计算。" : $"数据截至 {end}；“{words}”按 {range} 计算。";
        }

        var english = EnglishRange(used.Start, used.End);
        return words is null ? $"Data ends {end}; the period is taken as {english}. " : $"Data ends {end}; '{words}' is taken as {english}. ";
    }

    /// <summary>The plain "no data" sentence for a period outside the data, with the data's range.</summary>
    public string NoDataText(Language language, DateRange used)
    {
        var zh = language == Language.Zh;
        var range = zh ? $"{used.Start:yyyy-MM-dd} 至 {used.End:yyyy-MM-dd}" : $"{used.Start:yyyy-MM-dd} to {used.End:yyyy-MM-dd}";
        if (!Data.HasData)
        {
            return zh ? $"{range} 没有数据：数据库里还没有带日期的事件。" : $"There is no data for {range}: the store holds no dated events yet.";
        }

        var first = Data.First!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = Data.Last!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return zh
            ? $"{range} 没有数据：现有数据从 {first} 到 {last}，请换一个落在这段时间内的时间范围。"
            : $"There is no data for {range}: the data runs from {first} to {last}; ask about a period inside that range.";
    }

    private static string EnglishRange(DateOnly start, DateOnly end)
    {
        var culture = CultureInfo.InvariantCulture;
        if (start.Year == end.Year && start.Month == end.Month)
        {
            return $"{start.ToString("MMM d", culture)}–{end.Day}";
        }

        return start.Year == end.Year
            ? $"{start.ToString("MMM d", culture)}–{end.ToString("MMM d", culture)}"
            : $"{start.ToString("MMM d yyyy", culture)}–{end.ToString("MMM d yyyy", culture)}";
    }
}
