using System.ComponentModel.DataAnnotations;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>A source whose mapping declares the currency of its amounts.</summary>
public sealed record SourceCurrency(string Source, Currency Currency);

/// <summary>
/// Remembers, per source, the currency its mapping declares (store_settings `currency.source:&lt;source&gt;`), so `db info`
/// can say when a source's amounts are not in the install's currency they are shown in.
/// </summary>
public static class SourceCurrencies
{
    private const string Prefix = "currency.source:";

    /// <summary>Throws, naming the mapping, when its currency is not a valid code + symbol; checked before any row is read.</summary>
    public static void Validate(SourceMapping mapping)
    {
        var results = new List<ValidationResult>();
        if (mapping.Currency is { } currency && !Validator.TryValidateObject(currency, new ValidationContext(currency), results, validateAllProperties: true))
        {
            throw new InvalidDataException($"Mapping {mapping.FilePath}: currency: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }
    }

    /// <summary>Records the mapping's currency; a mapping without one records nothing.</summary>
    public static async Task RecordAsync(DuckDBConnection connection, SourceMapping mapping, CancellationToken ct = default)
    {
        if (mapping.Currency is not { } currency)
        {
            return;
        }

        var source = mapping.Source ?? mapping.Name;
        await connection.ExecuteAsync("INSERT OR REPLACE INTO store_settings VALUES ($k, $v)", ct,
            ("k", Prefix + source), ("v", currency.Code + " " + currency.Symbol));
    }

    /// <summary>Every source with a declared currency.</summary>
    public static async Task<IReadOnlyList<SourceCurrency>> ReadAsync(DuckDBConnection connection, CancellationToken ct = default) =>
        (await connection.QueryAsync($"SELECT key, value FROM store_settings WHERE starts_with(key, '{Prefix}') ORDER BY key", ct))
            .Select(r => ((string)r[0]!)[Prefix.Length..] is var source && ((string)r[1]!).Split(' ', 2) is [var code, var symbol]
                ? new SourceCurrency(source, new Currency(code, symbol))
                : null)
            .OfType<SourceCurrency>()
            .ToList();
}
