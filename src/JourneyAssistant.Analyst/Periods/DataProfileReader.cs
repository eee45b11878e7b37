using JourneyAssistant.Skills.Execution;
using Microsoft.Extensions.Logging;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Analyst.Periods;

/// <summary>
/// Reads the <see cref="DataProfile"/> through the guarded executor under the user's own scope (so a scoped user sees
/// the range and values of their own rows), and keeps it briefly: questions in a burst share one lookup.
/// </summary>
public sealed class DataProfileReader(ISkillExecutor executor, TimeProvider time, ILogger logger)
{
    private const string Sql = """
        SELECT min(local_date) AS first_date, max(local_date) AS last_date,
               list(DISTINCT channel) FILTER (WHERE channel IS NOT NULL) AS channels,
               list(DISTINCT region) FILTER (WHERE region IS NOT NULL) AS regions,
               list(DISTINCT campaign) FILTER (WHERE campaign IS NOT NULL) AS campaigns,
               list(DISTINCT touchpoint) FILTER (WHERE touchpoint IS NOT NULL) AS touchpoints,
               (SELECT list(event || chr(9) || touchpoint) FROM (
                    SELECT event, mode(touchpoint) AS touchpoint FROM journey_events WHERE touchpoint IS NOT NULL GROUP BY event)) AS event_touchpoints
        FROM journey_events
        """;

    // Long enough that a conversation's questions share one lookup, short enough that a new ingest shows within a minute.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DataProfile Profile, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    /// <summary>The profile for <paramref name="context"/>'s scope; <see cref="DataProfile.Unknown"/> when it cannot be read.</summary>
    public async Task<DataProfile> ReadAsync(ExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.Scope.IsDenied)
        {
            return DataProfile.Unknown;
        }

        // Keyed by the store version too: the first question after an ingest sees the new date range and values.
        var key = context.Scope.Describe() + "@" + executor.DataVersion;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var hit) && now - hit.At < Lifetime && now >= hit.At)
            {
                return hit.Profile;
            }
        }

        DataProfile profile;
        try
        {
            var result = await executor.RunAdhocAsync(Sql, context with { Question = "data profile: date range and dimension values" }, cancellationToken);
            var row = result.Rows.Count > 0 ? result.Rows[0] : null;
            profile = row is null
                ? DataProfile.Unknown
                : new DataProfile(AsDate(row[0]), AsDate(row[1]), Values(row[2]), Values(row[3]), Values(row[4]), Values(row[5]),
                    Values(row[6]).Select(p => p.Split('\t')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without the profile the analyst answers as before (periods from the clock); it never fails the question.
            logger.LogWarning(e, "The data profile could not be read; periods follow the clock");
            return DataProfile.Unknown;
        }

        lock (_gate)
        {
            _cache[key] = (profile, now);
        }

        return profile;
    }

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => null,
    };

    // The executor hands lists back as JSON text (the form answers and the CLI show); a driver list is read as is.
    private static IReadOnlyList<string> Values(object? value)
    {
        var items = value switch
        {
            string json when json.StartsWith('[') => System.Text.Json.JsonSerializer.Deserialize<List<string?>>(json) ?? [],
            System.Collections.IEnumerable list and not string => list.Cast<object?>().Select(v => v as string).ToList(),
            _ => [],
        };
        return items.OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
