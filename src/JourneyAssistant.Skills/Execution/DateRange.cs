using System.Globalization;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Execution;

/// <summary>An inclusive range of local dates in the reporting zone, with the text it was resolved from.</summary>
public sealed record DateRange(DateOnly Start, DateOnly End, string Source)
{
    /// <summary>Named presets a date_range accepts.</summary>
    public static readonly IReadOnlyList<string> Presets =
        ["last_7_days", "last_30_days", "last_90_days", "this_week", "last_week", "this_month", "last_month", "all"];

    /// <summary>The bounds "all" resolves to: earlier and later than any event the store can hold.</summary>
    public static readonly DateOnly AllStart = new(1900, 1, 1);

    public static readonly DateOnly AllEnd = new(2999, 12, 31);

    /// <summary>True when this range means "all time".</summary>
    public bool IsAll => Start == AllStart && End == AllEnd;

    /// <summary>Resolves a preset or `YYYY-MM-DD..YYYY-MM-DD` (or one `YYYY-MM-DD`) against the caller's local "as of" date; null when the text is neither.</summary>
    public static DateRange? TryResolve(string text, DateOnly asOf)
    {
        var t = text.Trim().ToLowerInvariant();
        var monday = asOf.AddDays(-(((int)asOf.DayOfWeek + 6) % 7));
        var firstOfMonth = new DateOnly(asOf.Year, asOf.Month, 1);
        switch (t)
        {
            case "last_7_days": return new(asOf.AddDays(-6), asOf, t);
            case "last_30_days": return new(asOf.AddDays(-29), asOf, t);
            case "last_90_days": return new(asOf.AddDays(-89), asOf, t);
            case "this_week": return new(monday, asOf, t);
            case "last_week": return new(monday.AddDays(-7), monday.AddDays(-1), t);
            case "this_month": return new(firstOfMonth, asOf, t);
            case "last_month": return new(firstOfMonth.AddMonths(-1), firstOfMonth.AddDays(-1), t);
            case "all": return new(AllStart, AllEnd, t);
        }

        var parts = t.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2 && parts.All(p => DateOnly.TryParseExact(p, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            var start = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var end = DateOnly.ParseExact(parts[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return start <= end ? new(start, end, t) : null;
        }

        return null;
    }

    /// <summary>The range as an answer states it.</summary>
    public string Format(Language language)
    {
        if (IsAll)
        {
            return language == Language.Zh ? "全部时间" : "all time";
        }

        var start = Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Start == End)
        {
            return start;
        }

        return language == Language.Zh ? $"{start} 至 {end}" : $"{start} to {end}";
    }

    public override string ToString() => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
