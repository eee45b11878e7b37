using System.Collections.Concurrent;
using DuckDB.NET.Data;

namespace JourneyAssistant.Store.Identity;

/// <summary>
/// Keeps stitching crash-safe. An ingest marks the store "stitch pending" (committed before its first file) and the
/// stitch transaction clears the mark, so a process killed anywhere between leaves the mark behind; the next open of
/// the store sees it and stitches before anyone reads persons. While this process is ingesting into a store the mark
/// is its own, so its opens leave it alone.
/// </summary>
internal static class StitchRepair
{
    private const string Key = "stitch_pending";

    private static readonly ConcurrentDictionary<string, int> _ingesting = new(StringComparer.Ordinal);

    /// <summary>SQL (inside the stitch transaction) clearing the mark.</summary>
    public const string ClearSql = $"DELETE FROM store_settings WHERE key = '{Key}'";

    /// <summary>Marks the store before an ingest writes anything; dispose when the ingest has ended (stitched or failed).</summary>
    public static async Task<IDisposable> BeginIngestAsync(DuckDBConnection connection, string databasePath, CancellationToken ct)
    {
        _ingesting.AddOrUpdate(databasePath, 1, (_, n) => n + 1);
        try
        {
            await connection.ExecuteAsync($"INSERT OR REPLACE INTO store_settings VALUES ('{Key}', CAST(now() AS VARCHAR))", ct);
        }
        catch
        {
            End(databasePath);
            throw;
        }

        return new Ingesting(databasePath);
    }

    /// <summary>True when an earlier ingest did not finish stitching (and this process is not the one ingesting).</summary>
    public static async Task<bool> IsPendingAsync(DuckDBConnection connection, string databasePath, CancellationToken ct)
    {
        if (_ingesting.TryGetValue(databasePath, out var n) && n > 0)
        {
            return false;
        }

        // A store from before the schema has no settings table yet (and nothing to repair).
        return await connection.ScalarAsync<long>(
                   "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_settings' AND database_name = current_database()", ct) > 0
               && await connection.ScalarAsync<long>($"SELECT count(*) FROM store_settings WHERE key = '{Key}'", ct) > 0;
    }

    private static void End(string databasePath) => _ingesting.AddOrUpdate(databasePath, 0, (_, n) => Math.Max(0, n - 1));

    private sealed class Ingesting(string databasePath) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                End(databasePath);
            }
        }
    }
}
