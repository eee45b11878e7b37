using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Store.Tests;

/// <summary>A real DuckDB store in a scratch folder, with a fixed PII key, and helpers to write canonical input files.</summary>
internal sealed class TestStore
{
    public const string Key = "test-pii-key-0123456789";
    public const string Header = "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties";

    public TestStore(string purpose, Action<StoreOptions>? configure = null, JourneyDictionary? dictionary = null)
    {
        Folder = RepoPaths.NewScratchFolder(purpose);
        Options = new StoreOptions { Path = Path.Combine(Folder, "journey.duckdb"), PiiKey = Key, Threads = 2, MemoryLimit = "1GB" };
        configure?.Invoke(Options);
        Store = new JourneyStore(Options, Folder, dictionary ?? JourneyDictionary.LoadEmbedded());
        Ingestion = new IngestionService(Store);
    }

    public string Folder { get; }

    public StoreOptions Options { get; }

    public JourneyStore Store { get; }

    public IngestionService Ingestion { get; }

    /// <summary>Writes a canonical CSV (header + lines) and returns its path.</summary>
    public string WriteCsv(string name, params string[] lines)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, Header + "\n" + string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes any text file.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>One canonical CSV line from named values (everything else empty).</summary>
    public static string Row(string eventId, string occurredAt, string @event, string channel = "website", string source = "web",
        string touchpoint = "", string stage = "", string userId = "", string memberId = "", string phone = "", string openId = "",
        string unionId = "", string deviceId = "", string cookieId = "", string amount = "", string properties = "")
    {
        static string Csv(string v) => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
        return string.Join(",", new[] { eventId, occurredAt, source, channel, touchpoint, @event, stage, userId, memberId, phone, openId, unionId, deviceId, cookieId, amount, properties }.Select(Csv));
    }

    public Task<IngestReport> IngestAsync(params string[] files) => Ingestion.IngestAsync(files);

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = await Store.OpenAsync();
        return await connection.QueryAsync(sql);
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await Store.OpenAsync();
        return await connection.ScalarAsync<T>(sql);
    }

    public Task<DuckDBConnection> OpenAsync() => Store.OpenAsync();
}
