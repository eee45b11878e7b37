using System.Globalization;

namespace JourneyAssistant.Store.Info;

/// <summary>A count per value of one dimension (channel, touchpoint, stage).</summary>
public sealed record DimensionCount(string Id, string LabelZh, string LabelEn, long Events);

/// <summary>Identifiers and persons per identifier type.</summary>
public sealed record IdentityCoverage(string IdType, long Identifiers, long Persons, long SharedIdentifiers);

/// <summary>What is in the store: row counts, local date range, dimensions, persons and identity coverage.</summary>
public sealed record StoreInfo(
    string DatabasePath,
    string ReportingTimeZone,
    IReadOnlyDictionary<string, long> RowCounts,
    DateOnly? FirstLocalDate,
    DateOnly? LastLocalDate,
    long Persons,
    long EventsWithPerson,
    IReadOnlyList<DimensionCount> Channels,
    IReadOnlyList<DimensionCount> Touchpoints,
    IReadOnlyList<DimensionCount> Stages,
    IReadOnlyList<IdentityCoverage> Identities)
{
    /// <summary>The data's own day zone when it differs from the reporting zone (edge days partial); null on too little data.</summary>
    public DataZoneReport? DataZone { get; init; }

    /// <summary>The install's currency (Store:Currency).</summary>
    public Localization.Currency Currency { get; init; } = Localization.Currency.Default;

    /// <summary>Sources whose mapping declares a currency other than the install's: their amounts are shown in the wrong unit.</summary>
    public IReadOnlyList<Ingestion.SourceCurrency> ForeignCurrencies { get; init; } = [];
}

/// <summary>Reads <see cref="StoreInfo"/> from the store (read-only).</summary>
public sealed class StoreInfoService(JourneyStore store)
{
    private static readonly string[] _tables =
        ["touchpoint_events", "event_identifiers", "identities", "persons", "quarantine", "ingest_batches"];

    public async Task<StoreInfo> ReadAsync(CancellationToken ct = default)
    {
        await using var connection = await store.OpenAsync(readOnly: true, ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in _tables)
        {
            counts[table] = await connection.ScalarAsync<long>($"SELECT count(*) FROM {table}", ct);
        }

        var range = (await connection.QueryAsync("SELECT min(local_date), max(local_date), count(person_id) FROM journey_events", ct))[0];
        var zone = await connection.ScalarAsync<string>("SELECT value FROM store_settings WHERE key = 'reporting_time_zone'", ct) ?? store.Options.ReportingTimeZone;

        async Task<List<DimensionCount>> Dimension(string column, string dictionary, string order) =>
            (await connection.QueryAsync($"""
                SELECT d.id, d.label_zh, d.label_en, coalesce(e.n, 0)
                FROM {dictionary} d LEFT JOIN (SELECT {column} AS id, count(*) AS n FROM touchpoint_events GROUP BY 1) e USING (id)
                ORDER BY {order}
                """, ct))
            .Select(r => new DimensionCount((string)r[0]!, (string)r[1]!, (string)r[2]!, Convert.ToInt64(r[3], CultureInfo.InvariantCulture)))
            .ToList();

        var identities = (await connection.QueryAsync("SELECT id_type, identifiers, persons, shared_identifiers FROM identity_coverage", ct))
            .Select(r => new IdentityCoverage((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture),
                Convert.ToInt64(r[2], CultureInfo.InvariantCulture), Convert.ToInt64(r[3], CultureInfo.InvariantCulture)))
            .ToList();

        return new StoreInfo(
            store.DatabasePath,
            zone,
            counts,
            range[0] is DateOnly first ? first : range[0] is DateTime d1 ? DateOnly.FromDateTime(d1) : null,
            range[1] is DateOnly last ? last : range[1] is DateTime d2 ? DateOnly.FromDateTime(d2) : null,
            counts["persons"],
            Convert.ToInt64(range[2], CultureInfo.InvariantCulture),
            await Dimension("channel", "dict_channels", "coalesce(e.n, 0) DESC, d.id"),
            await Dimension("touchpoint", "dict_touchpoints", "d.\"order\""),
            await Dimension("stage", "dict_stages", "d.\"order\""),
            identities)
        {
            DataZone = await DataZoneCheck.ReadAsync(connection, zone, ct),
            Currency = store.Options.Currency.ToCurrency(),
            ForeignCurrencies = [.. (await Ingestion.SourceCurrencies.ReadAsync(connection, ct)).Where(s => s.Currency.Code != store.Options.Currency.Code)],
        };
    }
}
