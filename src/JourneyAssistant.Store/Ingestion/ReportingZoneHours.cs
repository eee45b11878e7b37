using DuckDB.NET.Data;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// The reporting-zone columns of accepted rows (local time, date, hour, week, month), computed once at ingest so analysis
/// queries never convert zones per row; the zone conversion itself runs once per distinct UTC hour (stg_zone_hours).
/// </summary>
internal static class ReportingZoneHours
{
    /// <summary>Stages stg_zone_hours: per distinct UTC hour of stg_ok, its offset in <paramref name="zoneId"/> and, when that
    /// offset is one whole number of hours all hour long, the local parts every row of the hour shares.</summary>
    public static async Task StageAsync(DuckDBConnection connection, string zoneId, CancellationToken ct)
    {
        // ICU's timezone() costs ~1 µs a row, so it runs once per distinct UTC hour: an hour whose offset is the same at its
        // first and last second takes that offset (integer arithmetic per row); the rare hour holding a mid-hour transition
        // converts per row. With a whole-hour offset the local date/hour/week/month are the same for the whole hour, so they
        // come from the hour table too (strftime per row was the other big cost).
        var zone = QuoteLiteral(zoneId);
        await connection.ExecuteAsync($"""
            CREATE TEMP TABLE stg_zone_hours AS
            SELECT hk, off, uniform, whole, {LocalPartsSql("lh", "")} FROM (
                SELECT hk, off_start AS off, off_start = off_end AS uniform, off_start = off_end AND off_start % 3600000000 = 0 AS whole,
                       make_timestamp(hk * 3600000000 + off_start) AS lh
                FROM (
                    SELECT hk, epoch_us(timezone({zone}, to_timestamp(hk * 3600))) - hk * 3600000000 AS off_start,
                           epoch_us(timezone({zone}, to_timestamp(hk * 3600 + 3599))) - (hk * 3600 + 3599) * 1000000 AS off_end
                    FROM (SELECT DISTINCT epoch_us(occurred_at) // 3600000000 AS hk FROM stg_ok)))
            """, ct);
    }

    /// <summary>stg_ok's rows with their local time (lt) and their hour's row of stg_zone_hours; read as <see cref="LocalColumnsSql"/>.</summary>
    public static string AcceptedRowsSql(string zoneId) => $"""
        SELECT s.*, h.whole, h.local_date, h.local_hour, h.iso_week, h.week_start, h.month_start,
               make_timestamp(epoch_us(s.occurred_at)
                   + CASE WHEN h.uniform THEN h.off ELSE epoch_us(timezone({QuoteLiteral(zoneId)}, s.occurred_at)) - epoch_us(s.occurred_at) END) AS lt
        FROM stg_ok s JOIN stg_zone_hours h ON h.hk = epoch_us(s.occurred_at) // 3600000000
        """;

    /// <summary>local_date, local_hour, iso_week, week_start, month_start of a row of <see cref="AcceptedRowsSql"/>: the hour's
    /// values when its offset is whole, else computed from the row's local time.</summary>
    public static string LocalColumnsSql => LocalPartsSql("lt", "whole");

    /// <summary>local_date, local_hour, iso_week, week_start, month_start of a local TIMESTAMP; with <paramref name="fromHour"/>
    /// (a boolean column) each takes the hour table's value when it is true.</summary>
    private static string LocalPartsSql(string local, string fromHour)
    {
        (string Name, string Sql)[] parts =
        [
            ("local_date", $"CAST({local} AS DATE)"), ("local_hour", $"CAST(hour({local}) AS INTEGER)"),
            ("iso_week", $"strftime({local}, '%G-W%V')"), ("week_start", $"CAST(date_trunc('week', {local}) AS DATE)"),
            ("month_start", $"CAST(date_trunc('month', {local}) AS DATE)"),
        ];
        return string.Join(", ", parts.Select(p => fromHour.Length == 0
            ? $"{p.Sql} AS {p.Name}"
            : $"CASE WHEN {fromHour} THEN {p.Name} ELSE {p.Sql} END"));
    }
}
