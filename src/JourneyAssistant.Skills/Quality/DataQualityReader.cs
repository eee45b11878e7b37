using System.Globalization;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Vocabulary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Skills;

/// <summary>
/// The data-quality caveat of one answer, counted in the asking user's scope (issue 14): events on unmapped names are
/// counted through the guarded executor over the analysis views under that scope (cached per store version and scope
/// like any result); rows in quarantine belong to no person, so they are told only to a user who sees the whole store.
/// </summary>
public sealed class DataQualityReader(ISkillExecutor executor, DataQualityNotes? store = null, ILogger<DataQualityReader>? logger = null)
{
    private const string Custom = "'" + CustomNames.Prefix + "%'";

    internal const string Sql = $"""
        SELECT (SELECT count(*) FROM journey_events) AS events,
               (SELECT count(*) FROM journey_events WHERE event LIKE {Custom} OR channel LIKE {Custom} OR touchpoint LIKE {Custom}) AS unmapped_events,
               (SELECT string_agg(id, chr(10) ORDER BY n DESC, id) FROM (
                    SELECT id, count(*) AS n FROM (
                        SELECT event AS id FROM journey_events WHERE event LIKE {Custom}
                        UNION ALL SELECT channel FROM journey_events WHERE channel LIKE {Custom}
                        UNION ALL SELECT touchpoint FROM journey_events WHERE touchpoint LIKE {Custom})
                    GROUP BY id ORDER BY n DESC, id LIMIT 3)) AS top_unmapped
        """;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>What <paramref name="context"/>'s scope holds that an answer should own up to; null when it can't be read.</summary>
    public async Task<DataQuality?> ReadAsync(ExecutionContext context, CancellationToken ct = default)
    {
        if (context.Scope.IsDenied)
        {
            return null;
        }

        var result = await executor.RunAdhocAsync(Sql, context with { Question = "data quality: events on unmapped names" }, ct);
        var row = result.Rows[0];
        var top = row[2] is string names ? names.Split('\n').Select(CustomNames.NameOf).ToList() : [];
        long quarantined = 0;
        if (context.Scope.Filters.Count == 0 && store is not null)
        {
            quarantined = (await store.ReadAsync(ct))?.Quarantined ?? 0;
        }

        return new DataQuality(Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture), top, quarantined);
    }

    /// <summary>The one-line caveat in <paramref name="language"/>, or null when there is nothing to say or it can't be
    /// read (a store busy with an ingest): the answer goes out without the note rather than not at all.</summary>
    public async Task<string?> CaveatAsync(ExecutionContext context, Language language, CancellationToken ct = default)
    {
        try
        {
            return (await ReadAsync(context, ct))?.Caveat(language);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or SkillExecutionException or DuckDB.NET.Data.DuckDBException)
        {
            _logger.LogInformation(e, "data quality note unavailable");
            return null;
        }
    }
}
