using JourneyAssistant.Store.Pii;

namespace JourneyAssistant.Store.Tests;

/// <summary>Clear personal data in extra columns and properties never reaches the store (issue 21 item 8).</summary>
public sealed class PiiScreenTests
{
    // Planted values, each as it is searched for: digits only for numbers (separators stripped before comparing), lower case for e-mail.
    private static readonly string[] _secrets =
    [
        "13912340000", "oAbCd1234567890EfGhIjKlmnop", "zhang.san@example.com", "11010519491231002x", "442079460958",
        "13800001111", "li.si@example.org", "oUnionZz1234567890ABCDEFGH", "8613700002222", "19876543210",
    ];

    [Fact]
    public async Task Phones_emails_id_cards_and_openids_in_extra_columns_and_properties_are_hashed_and_masked_everywhere()
    {
        var store = new TestStore("pii-screen");
        const string header = "event_id,occurred_at,source,channel,event,properties,mobile,openid_extra,contact_email,id_no,intl_phone,sku";
        string Line(string id, string ts, string props) =>
            $"{id},{ts},web,website,page_view,{props},13912340000,oAbCd1234567890EfGhIjKlmnop,Zhang.San@example.com,11010519491231002X,+44 20 7946 0958,SKU-1234567";
        var props = "\"{\"\"remark_x\"\": \"\"联系 13800001111 或 li.si@example.org\"\", \"\"union_ref\"\": \"\"oUnionZz1234567890ABCDEFGH\"\", \"\"tel\"\": 8613700002222, \"\"nested\"\": {\"\"m\"\": \"\"198 7654 3210\"\"}, \"\"ts_ms\"\": 1730455200000}\"";
        var file = store.WriteFile("extra.csv", string.Join("\n",
            header,
            Line("e1", "2026-11-01T10:00:00Z", props),
            Line("e2", "2026-11-01T11:00:00Z", "\"{\"\"plain\"\": \"\"nothing here\"\"}\""),
            Line("e3", "not-a-time", props)) + "\n");

        var report = await store.IngestAsync(file);

        Assert.Equal(2, report.Accepted);
        Assert.Equal(1, report.Rejected);
        await using var connection = await store.OpenAsync();
        var found = await ClearValuesAsync(connection);
        Assert.Empty(found);

        // Whole values keep a usable form: the identifier mask and the keyed hash the identities table would hold.
        var key = new PiiKey(System.Text.Encoding.UTF8.GetBytes(TestStore.Key));
        var row = (await connection.QueryAsync("""
            SELECT properties->>'mobile', properties->>'mobile_hash', properties->>'contact_email_hash', properties->>'id_no', properties->>'ts_ms', properties->>'sku'
            FROM touchpoint_events WHERE event_id = 'e1'
            """))[0];
        Assert.Equal("139****0000", row[0]);
        Assert.Equal(key.Hash("13912340000"), row[1]);
        Assert.Equal(key.Hash("zhang.san@example.com"), row[2]);
        Assert.Equal("1101****002X", row[3]);
        Assert.Equal("1730455200000", row[4]);
        Assert.Equal("SKU-1234567", row[5]);

        // The report says what was screened, by key and kind, over the accepted rows.
        var screened = report.Files.Single().Screened.ToDictionary(s => s.Key + ":" + s.Kind, s => s.Count);
        Assert.Equal(2, screened["mobile:phone"]);
        Assert.Equal(2, screened["openid_extra:wechat_openid"]);
        Assert.Equal(2, screened["contact_email:email"]);
        Assert.Equal(2, screened["id_no:id_card"]);
        Assert.Equal(2, screened["intl_phone:phone"]);
        Assert.Equal(1, screened["union_ref:wechat_unionid"]);
        Assert.Equal(1, screened["tel:phone"]);
        Assert.Equal(1, screened["remark_x:text"]);
        Assert.Equal(1, screened["nested:text"]);
        Assert.False(screened.ContainsKey("sku:text"));
    }

    [Fact]
    public async Task Jsonl_extra_keys_are_screened_too()
    {
        var store = new TestStore("pii-screen-jsonl");
        var file = store.WriteFile("events.jsonl",
            """{"event_id": "j1", "occurred_at": "2026-11-01T10:00:00Z", "source": "app", "channel": "website", "event": "page_view", "mobile": "139-1234-0000", "mail": "zhang.san@example.com"}""" + "\n");

        var report = await store.IngestAsync(file);

        Assert.Equal(1, report.Accepted);
        await using var connection = await store.OpenAsync();
        Assert.Empty(await ClearValuesAsync(connection));
        Assert.Equal("139****0000", await connection.ScalarAsync<string>("SELECT properties->>'mobile' FROM touchpoint_events"));
    }

    /// <summary>Every planted value found in any text/JSON column of any table, or in any property of any event.</summary>
    private static async Task<List<string>> ClearValuesAsync(DuckDB.NET.Data.DuckDBConnection connection)
    {
        var columns = await connection.QueryAsync("""
            SELECT c.table_name, c.column_name FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
            WHERE c.database_name = current_database() AND (c.data_type = 'VARCHAR' OR c.data_type = 'JSON' OR c.data_type LIKE '%[]')
            """);
        Assert.Contains(columns, c => (string)c[0]! == "touchpoint_events" && (string)c[1]! == "properties");
        var found = new List<string>();
        foreach (var column in columns)
        {
            var table = DuckDbConnectionExtensions.QuoteIdentifier((string)column[0]!);
            var name = DuckDbConnectionExtensions.QuoteIdentifier((string)column[1]!);
            foreach (var secret in _secrets)
            {
                var hits = await connection.ScalarAsync<long>(
                    $"SELECT count(*) FROM {table} WHERE lower(regexp_replace(CAST({name} AS VARCHAR), '[\\s()+-]', '', 'g')) LIKE '%' || lower($s) || '%'", default, ("s", secret));
                if (hits > 0)
                {
                    found.Add($"{column[0]}.{column[1]} holds {secret}");
                }
            }
        }

        // And each property value on its own (unnested), so a value split across JSON escapes cannot hide.
        var values = await connection.QueryAsync("""
            SELECT DISTINCT k, json_extract_string(properties, '$."' || k || '"') FROM (SELECT properties, unnest(json_keys(properties)) AS k FROM touchpoint_events)
            """);
        foreach (var value in values)
        {
            var text = ((string?)value[1] ?? "").Replace(" ", "").Replace("-", "").Replace("+", "").ToLowerInvariant();
            found.AddRange(_secrets.Where(s => text.Contains(s.ToLowerInvariant(), StringComparison.Ordinal)).Select(s => $"property {value[0]} holds {s}"));
        }

        return found;
    }
}
