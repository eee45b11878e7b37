namespace JourneyAssistant.Store;

/// <summary>
/// The configured store file does not exist and is not the embedded default that is built from the sample data: a reader
/// is told to load data first instead of being answered from a silently created empty store.
/// </summary>
public sealed class StoreMissingException(string path) : FileNotFoundException(Describe(path), path)
{
    /// <summary>What a user is told, in both languages.</summary>
    public static string Describe(string path) =>
        $"no store at {path} — load data into it first (journey ingest FILE --db {path}) or check Store:Path / --db; " +
        $"数据库不存在：{path}，请先导入数据（journey ingest 文件 --db {path}），或检查 Store:Path / --db";
}
