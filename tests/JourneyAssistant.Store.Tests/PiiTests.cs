using System.Security.Cryptography;
using System.Text;
using JourneyAssistant.Store.Pii;

namespace JourneyAssistant.Store.Tests;

public sealed class PiiTests
{
    [Fact]
    public async Task Hmac_computed_in_sql_equals_dotnet_HMACSHA256()
    {
        var store = new TestStore("hmac");
        string[] values = ["13800138000", "oWx1234567890abcdefghij", "会员-甲", ""];
        foreach (var keyText in new[] { "short", new string('k', 64), new string('x', 200) })
        {
            var key = new PiiKey(Encoding.UTF8.GetBytes(keyText));
            await using var connection = await store.OpenAsync();
            foreach (var value in values)
            {
                var sql = await connection.ScalarAsync<string>($"SELECT {PiiKey.HmacSql("$v")}", default, ("v", value), ("ipad", key.InnerPad), ("opad", key.OuterPad));
                var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(keyText), Encoding.UTF8.GetBytes(value)));
                Assert.Equal(expected, sql);
            }
        }
    }

    [Fact]
    public async Task No_clear_phone_or_openid_reaches_any_table()
    {
        var store = new TestStore("pii");
        string[] secrets = ["13912345678", "oPiiOpenId1234567890abcd", "oUnionPii99999999999999", "15011112222"];
        var file = store.WriteCsv("events.csv",
            TestStore.Row("e1", "2026-11-01T10:00:00Z", "page_view", phone: "139-1234-5678", openId: "oPiiOpenId1234567890abcd", unionId: "oUnionPii99999999999999"),
            TestStore.Row("e2", "2026-11-01T10:00:00Z", "nps_response", phone: "13912345678",
                properties: """{"nps": 3, "comment": "客服不回电话，我的号码是 150 1111 2222，请联系"}"""),
            TestStore.Row("e3", "broken", "page_view", phone: "+8613912345678", openId: "oPiiOpenId1234567890abcd",
                properties: """{"comment": "call 15011112222"}"""),
            TestStore.Row("e4", "2026-11-01T10:00:00Z", "", phone: "13912345678"));

        await store.IngestAsync(file);

        await using var connection = await store.OpenAsync();
        var columns = await connection.QueryAsync("""
            SELECT c.table_name, c.column_name FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
            WHERE c.database_name = current_database()
            """);
        Assert.Contains(columns, c => (string)c[0]! == "quarantine");
        var found = new List<string>();
        foreach (var column in columns)
        {
            var table = DuckDbConnectionExtensions.QuoteIdentifier((string)column[0]!);
            var name = DuckDbConnectionExtensions.QuoteIdentifier((string)column[1]!);
            foreach (var secret in secrets)
            {
                var hits = await connection.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE regexp_replace(CAST({name} AS VARCHAR), '[\\s-]', '', 'g') LIKE '%' || $s || '%'", default, ("s", secret));
                if (hits > 0)
                {
                    found.Add($"{column[0]}.{column[1]} holds {secret}");
                }
            }
        }

        Assert.Empty(found);
        Assert.Equal(2, await connection.ScalarAsync<long>("SELECT count(*) FROM quarantine"));
        Assert.Contains("150****2222", await connection.ScalarAsync<string>("SELECT comment FROM survey_responses"));
        Assert.Equal("oPii****abcd", await connection.ScalarAsync<string>("SELECT masked FROM identities WHERE id_type = 'wechat_openid'"));
    }

    [Fact]
    public void Generated_key_is_written_beside_the_store_and_reused()
    {
        var folder = Testing.RepoPaths.NewScratchFolder("pii-key");
        var db = Path.Combine(folder, "data", "journey.duckdb");
        var previous = Environment.GetEnvironmentVariable(PiiKey.EnvironmentVariable);
        Environment.SetEnvironmentVariable(PiiKey.EnvironmentVariable, null);
        try
        {
            var first = PiiKey.Resolve(null, db);
            var second = PiiKey.Resolve(null, db);
            Assert.True(File.Exists(Path.Combine(folder, "data", PiiKey.FileName)));
            Assert.Equal(first.Key, second.Key);
            Assert.NotEqual(first.Key, PiiKey.Resolve(null, Path.Combine(Testing.RepoPaths.NewScratchFolder("pii-key2"), "x.duckdb")).Key);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PiiKey.EnvironmentVariable, previous);
        }
    }
}
