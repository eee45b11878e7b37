using System.Globalization;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Vocabulary;

/// <summary>What the store holds that an answer should own up to: events on unmapped names, rows left in quarantine.</summary>
/// <param name="TopUnmapped">The most used unmapped names (at most three), as the source wrote them.</param>
public sealed record DataQuality(long Events, long UnmappedEvents, IReadOnlyList<string> TopUnmapped, long Quarantined)
{
    /// <summary>The one-line caveat in <paramref name="language"/>, or null when there is nothing to say.</summary>
    public string? Caveat(Language language)
    {
        var parts = new List<string>();
        var zh = language == Language.Zh;
        if (UnmappedEvents > 0 && Events > 0)
        {
            // "48.3%" as every answer prints a share (P1 would print "48.3 %").
            var share = (100.0 * UnmappedEvents / Events).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            var names = string.Join(zh ? "、" : ", ", TopUnmapped);
            parts.Add(zh
                ? $"数据中 {UnmappedEvents:N0} 条事件（{share}）使用未映射的名称（如 {names}），按原名统计"
                : $"{UnmappedEvents:N0} events ({share}) use names not mapped to ours (e.g. {names}) and are counted under those names");
        }

        if (Quarantined > 0)
        {
            parts.Add(zh ? $"另有 {Quarantined:N0} 行在隔离区未计入" : $"{Quarantined:N0} rows are in quarantine and not counted");
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var hints = new List<string>();
        if (UnmappedEvents > 0)
        {
            hints.Add(zh ? "可运行 journey dictionary suggest 映射名称" : "map names with journey dictionary suggest");
        }

        if (Quarantined > 0)
        {
            hints.Add(zh ? "journey ingest --retry-quarantine 可在修正后重试隔离行" : "retry fixed rows with journey ingest --retry-quarantine");
        }

        return zh
            ? string.Join("；", parts) + "。" + string.Join("；", hints) + "。"
            : string.Join("; ", parts) + ". " + char.ToUpperInvariant(hints[0][0]) + string.Join("; ", hints)[1..] + ".";
    }
}

/// <summary>
/// Reads <see cref="DataQuality"/> of the whole store (for `db info`, and the quarantine count of answers to a user who
/// sees the whole store), once per change of the store file (a file stat per answer otherwise): the counts cost a scan
/// of the event table, which must not be paid on every question. Answers count unmapped names in their own scope
/// through the executor instead (Skills' DataQualityReader).
/// </summary>
public sealed class DataQualityNotes(JourneyStore store)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTime Stamp, DataQuality Quality)? _cached;

    /// <summary>The store's data quality now; null when there is no store yet.</summary>
    public async Task<DataQuality?> ReadAsync(CancellationToken ct = default)
    {
        if (!store.Exists)
        {
            return null;
        }

        var stamp = Stamp();
        if (_cached is { } hit && hit.Stamp == stamp)
        {
            return hit.Quality;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.Stamp == stamp)
            {
                return again.Quality;
            }

            const string custom = "'" + CustomNames.Prefix + "%'";
            DuckDB.NET.Data.DuckDBConnection connection;
            try
            {
                connection = await store.OpenAsync(readOnly: true, ct);
            }
            catch (StoreBusyException) when (_cached is { } previous)
            {
                // An ingest is writing: the last committed counts stand until it is done.
                return previous.Quality;
            }

            await using var _ = connection;
            var totals = (await connection.QueryAsync(
                $"SELECT count(*), count(*) FILTER (WHERE event LIKE {custom} OR channel LIKE {custom} OR touchpoint LIKE {custom}) FROM touchpoint_events", ct))[0];
            var unmapped = Convert.ToInt64(totals[1], CultureInfo.InvariantCulture);
            var top = unmapped == 0 ? [] : (await connection.QueryAsync($"""
                SELECT id FROM (
                    SELECT event AS id FROM touchpoint_events WHERE event LIKE {custom}
                    UNION ALL SELECT channel FROM touchpoint_events WHERE channel LIKE {custom}
                    UNION ALL SELECT touchpoint FROM touchpoint_events WHERE touchpoint LIKE {custom})
                GROUP BY id ORDER BY count(*) DESC, id LIMIT 3
                """, ct)).Select(r => CustomNames.NameOf((string)r[0]!)).ToList();
            var quarantined = await connection.ScalarAsync<long>("SELECT count(*) FROM quarantine", ct);
            var quality = new DataQuality(Convert.ToInt64(totals[0], CultureInfo.InvariantCulture), unmapped, top, quarantined);
            _cached = (stamp, quality);
            return quality;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (DateTime Stamp, long Count)? _quarantined;

    /// <summary>
    /// Rows in quarantine now (0 without a store): all an answer needs from here, so it costs a count of the quarantine
    /// table per store change, not the event scan of <see cref="ReadAsync"/>. While an ingest writes, the last count stands.
    /// </summary>
    public async Task<long> QuarantinedAsync(CancellationToken ct = default)
    {
        if (!store.Exists)
        {
            return 0;
        }

        var stamp = Stamp();
        if (_cached is { } full && full.Stamp == stamp)
        {
            return full.Quality.Quarantined;
        }

        if (_quarantined is { } hit && hit.Stamp == stamp)
        {
            return hit.Count;
        }

        DuckDB.NET.Data.DuckDBConnection connection;
        try
        {
            connection = await store.OpenAsync(readOnly: true, ct);
        }
        catch (StoreBusyException) when (_quarantined is { } previous)
        {
            return previous.Count;
        }

        await using var _ = connection;
        var count = await connection.ScalarAsync<long>("SELECT count(*) FROM quarantine", ct);
        _quarantined = (stamp, count);
        return count;
    }

    // Any write (ingest, relabel, retry) touches the file or its WAL.
    private DateTime Stamp()
    {
        var wal = store.DatabasePath + ".wal";
        var main = File.GetLastWriteTimeUtc(store.DatabasePath);
        return File.Exists(wal) ? new[] { main, File.GetLastWriteTimeUtc(wal) }.Max() : main;
    }
}
