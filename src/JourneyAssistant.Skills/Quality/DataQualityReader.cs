using System.Globalization;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Vocabulary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Quality;

/// <summary>
/// The data-quality caveat of one answer, counted in the asking user's scope and the answer's period (issue 14): events
/// on unmapped names are counted through the guarded executor over the analysis views under that scope (cached per
/// store version and scope like any result); rows in quarantine belong to no person, so they are told only to a user who sees the whole store.
/// </summary>
public sealed class DataQualityReader(ISkillExecutor executor, DataQualityNotes? store = null, ILogger<DataQualityReader>? logger = null)
{
    private const string Custom = "'" + CustomNames.Prefix + "%'";

    /// <summary>The counting statement, over <paramref name="period"/> when given (the answer's own period).</summary>
    internal static string Sql(DateRange? period)
    {
        var within = period is null
            ? "true"
            : string.Create(CultureInfo.InvariantCulture, $"local_date BETWEEN DATE '{period.Start:yyyy-MM-dd}' AND DATE '{period.End:yyyy-MM-dd}'");
        return $"""
            WITH e AS (SELECT event, channel, touchpoint FROM journey_events WHERE {within})
            SELECT (SELECT count(*) FROM e) AS events,
                   (SELECT count(*) FROM e WHERE event LIKE {Custom} OR channel LIKE {Custom} OR touchpoint LIKE {Custom}) AS unmapped_events,
                   (SELECT string_agg(id, chr(10) ORDER BY n DESC, id) FROM (
                        SELECT id, count(*) AS n FROM (
                            SELECT event AS id FROM e WHERE event LIKE {Custom}
                            UNION ALL SELECT channel FROM e WHERE channel LIKE {Custom}
                            UNION ALL SELECT touchpoint FROM e WHERE touchpoint LIKE {Custom})
                        GROUP BY id ORDER BY n DESC, id LIMIT 3)) AS top_unmapped
            """;
    }

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>What <paramref name="context"/>'s scope holds (in <paramref name="period"/> when given) that an answer should own up to.</summary>
    public async Task<DataQuality?> ReadAsync(ExecutionContext context, DateRange? period = null, CancellationToken ct = default)
    {
        if (context.Scope.IsDenied)
        {
            return null;
        }

        var result = await executor.RunAdhocAsync(Sql(period), context with { Question = "data quality: events on unmapped names" }, ct);
        var row = result.Rows[0];
        var top = row[2] is string names ? names.Split('\n').Select(CustomNames.NameOf).ToList() : [];
        long quarantined = 0;
        if (context.Scope.Filters.Count == 0 && store is not null)
        {
            quarantined = await store.QuarantinedAsync(ct);
        }

        return new DataQuality(Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture), top, quarantined);
    }

    /// <summary>The one-line caveat in <paramref name="language"/>, or null when there is nothing to say or it can't be
    /// read (a store busy with an ingest): the answer goes out without the note rather than not at all.</summary>
    public async Task<string?> CaveatAsync(ExecutionContext context, Language language, DateRange? period = null, CancellationToken ct = default)
    {
        try
        {
            return (await ReadAsync(context, period, ct))?.Caveat(language);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or SkillExecutionException or DuckDB.NET.Data.DuckDBException)
        {
            _logger.LogInformation(e, "data quality note unavailable");
            return null;
        }
    }
}
