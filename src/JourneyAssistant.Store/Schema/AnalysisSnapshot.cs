using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Schema;

/// <summary>
/// The analysis views' rows copied into a file of their own, one file per store version, so that the connection user
/// queries run on never attaches the store file: identities, event identifiers, quarantined raw rows and dictionary
/// internals are not in the snapshot, whatever a statement names (issue 21). Each file is written under a temporary
/// name and renamed when complete, so a reader sees one committed version or the one before, never a half-written one;
/// and because readers hold the snapshot instead of the store, an ingest can write the store while they serve (issue 17).
/// </summary>
public static class AnalysisSnapshot
{
    /// <summary>Snapshots kept beside the newest, for readers still on the version before.</summary>
    private const int KeptPrevious = 1;

    private static readonly Lock _gate = new();

    /// <summary>The folder that holds <paramref name="storePath"/>'s snapshots.</summary>
    public static string FolderOf(string storePath) => Path.GetFullPath(storePath) + ".analysis";

    /// <summary>
    /// The version of <paramref name="storePath"/> as it is on disk (size and write time of the file and its WAL): any
    /// commit or checkpoint changes it. Null when the file does not exist.
    /// </summary>
    public static string? VersionOf(string storePath)
    {
        var file = new FileInfo(storePath);
        if (!file.Exists)
        {
            return null;
        }

        var wal = new FileInfo(storePath + ".wal");
        return string.Create(CultureInfo.InvariantCulture,
            $"{file.Length}@{file.LastWriteTimeUtc.Ticks};{(wal.Exists ? $"{wal.Length}@{wal.LastWriteTimeUtc.Ticks}" : "-")}");
    }

    /// <summary>
    /// The snapshot of <paramref name="storePath"/>'s current version, written first if there is none yet. While another
    /// process writes the store, the newest complete snapshot (the last committed version) is returned; with none,
    /// <see cref="StoreBusyException"/>.
    /// </summary>
    public static string Ensure(string storePath)
    {
        storePath = Path.GetFullPath(storePath);
        if (!File.Exists(storePath))
        {
            throw new StoreMissingException(storePath);
        }

        var folder = FolderOf(storePath);
        lock (_gate)
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            try
            {
                connection.Execute($"ATTACH {QuoteLiteral(storePath)} AS store (READ_ONLY)");
            }
            catch (DuckDBException e) when (StoreBusyException.IsLockConflict(e))
            {
                return Newest(folder) ?? throw new StoreBusyException(storePath, e);
            }

            // The store is attached read-only now, so no writer can change it until it is detached: the version read
            // here is the version copied.
            var target = Path.Combine(folder, Name(VersionOf(storePath)!));
            if (!File.Exists(target))
            {
                Write(connection, folder, target);
            }

            connection.Execute("DETACH store");
            Prune(folder, target);
            return target;
        }
    }

    private static void Write(DuckDBConnection connection, string folder, string target)
    {
        Directory.CreateDirectory(folder);
        var partial = target + ".partial-" + Guid.NewGuid().ToString("N");
        try
        {
            connection.Execute($"ATTACH {QuoteLiteral(partial)} AS snapshot");
            var views = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT view_name FROM duckdb_views() WHERE database_name = 'store' AND schema_name = 'main' AND NOT internal";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    views.Add(reader.GetString(0));
                }
            }

            var copy = new StringBuilder("BEGIN;\n");
            foreach (var view in StoreSchema.AnalysisViews.Where(v => views.Contains(v, StringComparer.OrdinalIgnoreCase)))
            {
                copy.Append(CultureInfo.InvariantCulture, $"CREATE TABLE snapshot.main.{QuoteIdentifier(view)} AS SELECT * FROM store.main.{QuoteIdentifier(view)};\n");
            }

            connection.Execute(copy.Append("COMMIT;").ToString());
            connection.Execute("DETACH snapshot");
            File.Move(partial, target, overwrite: true);
        }
        catch
        {
            TryDelete(partial);
            TryDelete(partial + ".wal");
            throw;
        }
    }

    /// <summary>The newest complete snapshot in <paramref name="folder"/>, or null.</summary>
    private static string? Newest(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).GetFiles("*.duckdb").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;

    /// <summary>Deletes all but the newest snapshots and any partial file left by a crash. A file a reader still has open
    /// stays readable on Unix; where it can't be deleted (Windows) it is tried again next time.</summary>
    private static void Prune(string folder, string current)
    {
        var files = new DirectoryInfo(folder).GetFiles();
        var kept = files.Where(f => f.Name.EndsWith(".duckdb", StringComparison.Ordinal) && f.FullName != current)
            .OrderByDescending(f => f.LastWriteTimeUtc).Take(KeptPrevious).Select(f => f.FullName).Append(current).ToHashSet();
        foreach (var file in files.Where(f => !kept.Contains(f.FullName)))
        {
            // A partial file younger than a minute may be another process's snapshot being written.
            if (file.Name.Contains(".partial-", StringComparison.Ordinal) && DateTime.UtcNow - file.LastWriteTimeUtc < TimeSpan.FromMinutes(1))
            {
                continue;
            }

            TryDelete(file.FullName);
        }
    }

    private static string Name(string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..16] + ".duckdb";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
