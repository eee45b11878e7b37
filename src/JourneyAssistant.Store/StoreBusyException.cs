using DuckDB.NET.Data;

namespace JourneyAssistant.Store;

/// <summary>The store file is locked by another process's writer (an ingest running): the caller should try again shortly.</summary>
public sealed class StoreBusyException(string path, Exception inner) : IOException($"{Text} ({path})", inner)
{
    /// <summary>What a user is told, in both languages.</summary>
    public const string Text = "the store is being loaded; try again in a moment / 数据库正在导入数据，请稍后再试";

    /// <summary>True when <paramref name="e"/> (or an exception inside it) is DuckDB refusing a file another process holds.</summary>
    public static bool IsLockConflict(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is StoreBusyException || (e is DuckDBException && e.Message.Contains("Could not set lock on file", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
