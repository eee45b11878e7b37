using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Info;

/// <summary>
/// Whether the data's days are the reporting zone's days. An export cut at midnight UTC, reported in Asia/Shanghai,
/// ends eight hours into the last local day: that day (and the first) holds only part of a day, and a daily chart shows
/// a false drop there. Read from the data itself, so it holds for any source: the zone in which the edge days are full.
/// </summary>
/// <param name="DataZone">The zone whose days the data fills; the reporting zone when its edge days are full.</param>
public sealed record DataZoneReport(string DataZone, string ReportingZone, bool FirstDayPartial, bool LastDayPartial)
{
    /// <summary>True when the data was recorded in another zone's days and an edge day is partial.</summary>
    public bool Differs => !string.Equals(DataZone, ReportingZone, StringComparison.Ordinal) && (FirstDayPartial || LastDayPartial);

    /// <summary>"data recorded in UTC, reported in Asia/Shanghai: the last day is partial", in the answer's language; null when the zones agree.</summary>
    public string? Message(Language language)
    {
        if (!Differs)
        {
            return null;
        }

        var (zh, en) = (FirstDayPartial, LastDayPartial) switch
        {
            (true, true) => ("第一天和最后一天", "the first and last day are"),
            (true, false) => ("第一天", "the first day is"),
            _ => ("最后一天", "the last day is"),
        };
        return language == Language.Zh
            ? $"数据按 {DataZone} 记录，按 {ReportingZone} 报告：{zh}只有部分数据。"
            : $"data recorded in {DataZone}, reported in {ReportingZone}: {en} partial";
    }
}

/// <summary>Finds the <see cref="DataZoneReport"/> of a store from its events' day counts.</summary>
public static class DataZoneCheck
{
    /// <summary>An edge day with fewer events than this share of the median day is partial.</summary>
    public const double PartialShare = 0.5;

    /// <summary>Fewer days than this say nothing about a daily rhythm.</summary>
    public const int MinimumDays = 7;

    private static readonly string[] _candidates = ["UTC"];

    public static async Task<DataZoneReport?> ReadAsync(DuckDBConnection connection, string reportingZone, CancellationToken ct = default)
    {
        var local = await EdgesAsync(connection, reportingZone, ct);
        if (local is null)
        {
            return null;
        }

        if (!local.Value.First && !local.Value.Last)
        {
            return new DataZoneReport(reportingZone, reportingZone, false, false);
        }

        foreach (var zone in _candidates.Where(z => !string.Equals(z, reportingZone, StringComparison.Ordinal)))
        {
            if (await EdgesAsync(connection, zone, ct) is { First: false, Last: false })
            {
                return new DataZoneReport(zone, reportingZone, local.Value.First, local.Value.Last);
            }
        }

        // Partial in every zone we know: the data simply starts or ends mid-day; nothing to say about zones.
        return new DataZoneReport(reportingZone, reportingZone, local.Value.First, local.Value.Last);
    }

    private static async Task<(bool First, bool Last)?> EdgesAsync(DuckDBConnection connection, string zone, CancellationToken ct)
    {
        var quoted = DuckDbConnectionExtensions.QuoteLiteral(zone);
        var rows = await connection.QueryAsync($"""
            WITH d AS (SELECT CAST(timezone({quoted}, occurred_at) AS DATE) AS day, count(*) AS n FROM touchpoint_events GROUP BY 1)
            SELECT count(*), median(n)::DOUBLE, arg_min(n, day)::DOUBLE, arg_max(n, day)::DOUBLE FROM d
            """, ct);
        var r = rows[0];
        var days = Convert.ToInt64(r[0], CultureInfo.InvariantCulture);
        if (days < MinimumDays || r[1] is null)
        {
            return null;
        }

        var median = Convert.ToDouble(r[1], CultureInfo.InvariantCulture);
        return (Convert.ToDouble(r[2], CultureInfo.InvariantCulture) < PartialShare * median, Convert.ToDouble(r[3], CultureInfo.InvariantCulture) < PartialShare * median);
    }
}
