using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Store.Vocabulary;

/// <summary>Reads <see cref="NameObservation"/>s for every touchpoint, event and channel id used in a relation of events.</summary>
public static class NameObservationReader
{
    private static readonly (string Kind, string Column)[] _kinds =
        [(DictionaryKind.Touchpoint, "touchpoint"), (DictionaryKind.Event, "event"), (DictionaryKind.Channel, "channel")];

    /// <summary>
    /// Observations from <paramref name="relation"/> (default the store's <c>touchpoint_events</c>), which needs the columns
    /// person_id, occurred_at, channel, touchpoint, event, stage and amount.
    /// </summary>
    public static async Task<IReadOnlyList<NameObservation>> ReadAsync(DuckDBConnection connection, string relation = "touchpoint_events", CancellationToken ct = default)
    {
        var result = new List<NameObservation>();
        foreach (var (kind, column) in _kinds)
        {
            // Position: the event's rank among the person's events, scaled to 0..1 (events without a person count as alone).
            var rows = await connection.QueryAsync($"""
                WITH r AS (
                    SELECT {column} AS id, stage, channel, coalesce(amount > 0, false) AS has_amount,
                           CASE WHEN person_id IS NULL THEN 0.0
                                ELSE (row_number() OVER (PARTITION BY person_id ORDER BY occurred_at) - 1)::DOUBLE
                                     / greatest(count(*) OVER (PARTITION BY person_id) - 1, 1) END AS pos
                    FROM {relation} WHERE {column} IS NOT NULL)
                SELECT id, stage, channel, count(*) AS n, count(*) FILTER (WHERE has_amount) AS with_amount, sum(pos) AS pos
                FROM r GROUP BY ALL ORDER BY ALL
                """, ct);
            foreach (var group in rows.GroupBy(r => (string)r[0]!, StringComparer.Ordinal))
            {
                var stages = new Dictionary<string, long>(StringComparer.Ordinal);
                var channels = new Dictionary<string, long>(StringComparer.Ordinal);
                long n = 0, withAmount = 0;
                double position = 0;
                foreach (var r in group)
                {
                    var count = Convert.ToInt64(r[3], CultureInfo.InvariantCulture);
                    var stage = r[1] as string ?? "unknown";
                    var channel = r[2] as string ?? "";
                    stages[stage] = stages.GetValueOrDefault(stage) + count;
                    channels[channel] = channels.GetValueOrDefault(channel) + count;
                    n += count;
                    withAmount += Convert.ToInt64(r[4], CultureInfo.InvariantCulture);
                    position += Convert.ToDouble(r[5], CultureInfo.InvariantCulture);
                }

                result.Add(new NameObservation(kind, group.Key, n, stages, channels, n == 0 ? 0 : (double)withAmount / n, n == 0 ? 0 : position / n));
            }
        }

        return result;
    }
}
