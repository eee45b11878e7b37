using System.Globalization;
using System.Text.RegularExpressions;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>An ISO-8601 week (Monday to Sunday), as the analysis views' <c>iso_week</c> column spells it: <c>2026-W47</c>.</summary>
public sealed partial record IsoWeek(int Year, int Number)
{
    public DateOnly Start => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Number, DayOfWeek.Monday));

    public DateOnly End => Start.AddDays(6);

    public IsoWeek Previous => Of(Start.AddDays(-7));

    /// <summary>The period argument skills take: <c>2026-11-16..2026-11-22</c>.</summary>
    public string Period => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";

    public static IsoWeek Of(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        return new IsoWeek(ISOWeek.GetYear(dateTime), ISOWeek.GetWeekOfYear(dateTime));
    }

    /// <summary>The last week that has ended on or before <paramref name="asOf"/> (the week itself when it is a Sunday).</summary>
    public static IsoWeek LastCompleteOnOrBefore(DateOnly asOf) =>
        asOf.DayOfWeek == DayOfWeek.Sunday ? Of(asOf) : Of(asOf).Previous;

    /// <summary>Parses <c>2026-W47</c> (also <c>2026W47</c>, <c>2026-w7</c>); null when malformed or out of range.</summary>
    public static IsoWeek? TryParse(string? text)
    {
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return week >= 1 && week <= ISOWeek.GetWeeksInYear(year) ? new IsoWeek(year, week) : null;
    }

    public override string ToString() => $"{Year:D4}-W{Number:D2}";

    [GeneratedRegex(@"^(\d{4})-?[Ww](\d{1,2})$")]
    private static partial Regex Pattern();
}
