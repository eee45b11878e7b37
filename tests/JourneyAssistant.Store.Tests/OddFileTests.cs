using System.Text;

namespace JourneyAssistant.Store.Tests;

/// <summary>Files as they really arrive (issue 21 item 10): other encodings and delimiters, epoch times, broken headers, huge lines.</summary>
public sealed class OddFileTests
{
    static OddFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Csv(string delimiter, params string[] lines) =>
        string.Join("\n", new[] { TestStore.Header.Replace(",", delimiter) }.Concat(lines.Select(l => l.Replace(",", delimiter)))) + "\n";

    private static readonly string[] _chineseRows =
    [
        TestStore.Row("g1", "2026-11-01T10:00:00Z", "page_view", cookieId: "c1", properties: """{"城市": "广州", "备注x": "华南地区"}"""),
        TestStore.Row("g2", "2026-11-01T11:00:00Z", "page_view", cookieId: "c2", properties: """{"城市": "深圳"}"""),
    ];

    private static async Task AssertChineseRowsReadAsync(TestStore store, Ingestion.IngestReport report, string first = "广州")
    {
        Assert.Equal((2L, 0L), (report.Accepted, report.Rejected));
        Assert.Equal([first, "深圳"], (await store.QueryAsync("SELECT properties->>'城市' FROM touchpoint_events ORDER BY event_id")).Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("gb18030")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-8-bom")]
    public async Task The_encoding_is_detected(string encoding)
    {
        var store = new TestStore("enc");
        var text = TestStore.Header + "\r\n" + string.Join("\r\n", _chineseRows) + "\r\n";
        var bytes = encoding switch
        {
            "gb18030" => Encoding.GetEncoding("GB18030").GetBytes(text),
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            _ => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        };
        var path = Path.Combine(store.Folder, "excel.csv");
        await File.WriteAllBytesAsync(path, bytes);

        await AssertChineseRowsReadAsync(store, await store.IngestAsync(path));
    }

    [Fact]
    public async Task The_encoding_mapping_key_forces_an_encoding_and_an_unknown_one_is_refused_by_name()
    {
        var store = new TestStore("enc-forced");
        var path = Path.Combine(store.Folder, "big5.csv");
        // Big5 bytes are not a UTF-8 file and the detector would take them for GB18030: only the mapping can say.
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding("big5").GetBytes(TestStore.Header + "\n" + string.Join("\n", _chineseRows).Replace("广州", "廣州") + "\n"));
        var mapping = store.WriteFile("big5.yaml", "encoding: big5\n");

        await AssertChineseRowsReadAsync(store, await store.Ingestion.IngestAsync([path], mapping), "廣州");

        var bad = store.WriteFile("bad.yaml", "encoding: klingon-8\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.Ingestion.IngestAsync([path], bad));
        Assert.Contains("klingon-8", error.Message);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public async Task The_delimiter_is_sniffed(string delimiter)
    {
        var store = new TestStore("delim");
        var file = store.WriteFile("semi.csv", Csv(delimiter,
            TestStore.Row("d1", "2026-11-01T10:00:00Z", "page_view", cookieId: "c1", amount: "12.50"),
            TestStore.Row("d2", "2026-11-01T11:00:00Z", "page_view", cookieId: "c2")));

        var report = await store.IngestAsync(file);

        Assert.Equal((2L, 0L), (report.Accepted, report.Rejected));
        Assert.Equal(12.50m, await store.ScalarAsync<decimal>("SELECT amount FROM touchpoint_events WHERE event_id = 'd1'"));
    }

    [Theory]
    [InlineData("epoch_ms", "1793527200000")]
    [InlineData("epoch_s", "1793527200")]
    public async Task Epoch_timestamps_are_read_with_their_mapping_format(string format, string value)
    {
        var store = new TestStore("epoch");
        var mapping = store.WriteFile("epoch.yaml", $"timestamp: {{ format: {format} }}\n");
        var file = store.WriteCsv("epoch.csv", TestStore.Row("t1", value, "page_view", cookieId: "c1"));

        var report = await store.Ingestion.IngestAsync([file], mapping);

        Assert.Equal(1, report.Accepted);
        Assert.Equal("2026-11-01 10:00:00", await store.ScalarAsync<string>("SELECT strftime(occurred_at, '%Y-%m-%d %H:%M:%S') FROM touchpoint_events"));
    }

    [Fact]
    public async Task A_plain_epoch_number_without_a_mapping_format_is_rejected_saying_which_format_to_set()
    {
        var store = new TestStore("epoch-plain");
        var report = await store.IngestAsync(store.WriteCsv("e.csv", TestStore.Row("t1", "1793527200000", "page_view", cookieId: "c1")));

        Assert.Equal(1, report.Rejected);
        var reason = await store.ScalarAsync<string>("SELECT reason_code || ': ' || reason FROM quarantine");
        Assert.StartsWith("bad_timestamp: ", reason);
        Assert.Contains("epoch_ms", reason);
    }

    [Theory]
    [InlineData("2026-11-01T10:00:00+25:00", false)]
    [InlineData("2026-11-01T10:00:00-14:30", false)]
    [InlineData("2026-11-01T10:00:00+1500", false)]
    [InlineData("2026-11-01T10:00:00+14:00", true)]
    [InlineData("2026-11-01T10:00:00-12:00", true)]
    public async Task Offsets_beyond_14_hours_are_bad_timestamps(string text, bool accepted)
    {
        var store = new TestStore("offset-range");
        var report = await store.IngestAsync(store.WriteCsv("o.csv", TestStore.Row("t1", text, "page_view", cookieId: "c1")));

        Assert.Equal(accepted ? 1 : 0, report.Accepted);
        if (!accepted)
        {
            Assert.Equal("bad_timestamp", await store.ScalarAsync<string>("SELECT reason_code FROM quarantine"));
        }
    }

    [Fact]
    public async Task A_duplicate_header_is_refused_with_its_name_and_a_new_store_is_not_left_behind()
    {
        var store = new TestStore("dup-header");
        var file = store.WriteFile("dup.csv", TestStore.Header + ",cookie_id\n" + TestStore.Row("e1", "2026-11-01T10:00:00Z", "page_view", cookieId: "c1") + ",c2\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.IngestAsync(file));

        Assert.Contains("'cookie_id'", error.Message);
        Assert.False(File.Exists(store.Options.Path), "a failed ingest into a new path must not create the store");
        Assert.False(File.Exists(store.Options.Path + ".wal"));
    }

    [Fact]
    public async Task A_nul_in_the_header_is_one_clear_message_without_internal_sql()
    {
        var store = new TestStore("nul-header");
        var file = store.WriteFile("nul.csv", TestStore.Header.Replace("touchpoint", "touch\0point") + "\n" + TestStore.Row("e1", "2026-11-01T10:00:00Z", "page_view", cookieId: "c1") + "\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.IngestAsync(file));

        Assert.Contains("NUL", error.Message);
        Assert.DoesNotContain("read_csv", error.Message);
        Assert.DoesNotContain("SELECT", error.Message);
    }

    [Fact]
    public async Task A_quoted_newline_inside_an_ordinary_field_is_read()
    {
        var store = new TestStore("quoted-newline");
        var file = store.WriteCsv("q.csv",
            TestStore.Row("e1", "2026-11-01T10:00:00Z", "page_view", cookieId: "COOKIE").Replace("COOKIE", "\"ck\nsplit\""),
            TestStore.Row("e2", "2026-11-01T11:00:00Z", "page_view", cookieId: "c2"),
            "too,few");

        var report = await store.IngestAsync(file);

        Assert.Equal((2L, 0L, 1L), (report.Accepted, report.Duplicates, report.Rejected));
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT count(*) FROM identities WHERE id_type = 'cookie_id'"));
    }

    [Theory]
    [InlineData('x', false, "line_too_long")]
    [InlineData('客', false, "line_too_long")]
    [InlineData('x', true, "malformed_row")] // DuckDB splits it and says "too many columns", which is also true
    [InlineData('客', true, "line_too_long")] // this one used to fail the whole file: "Invalid unicode … segment statistics"
    public async Task A_line_over_4_mb_of_any_script_is_quarantined_and_the_rest_of_the_file_is_kept(char letter, bool asExtraField, string reasonCode)
    {
        var store = new TestStore($"huge-{(int)letter}-{asExtraField}");
        var text = new string(letter, 5_000_000 / (letter < 128 ? 1 : 3));
        // Quoted inside properties, or an unquoted extra field: DuckDB's reader fails differently on each.
        var huge = asExtraField
            ? TestStore.Row("e2", "2026-11-01T10:30:00Z", "page_view") + "," + text
            : TestStore.Row("e2", "2026-11-01T10:30:00Z", "page_view", properties: "{\"note\": \"" + text + "\"}");
        var file = store.WriteCsv("huge.csv",
            TestStore.Row("e1", "2026-11-01T10:00:00Z", "page_view"),
            huge,
            TestStore.Row("e3", "2026-11-01T11:00:00Z", "page_view"));
        Assert.True(new FileInfo(file).Length > 4_000_000);

        var report = await store.IngestAsync(file);

        Assert.Equal((2L, 0L, 1L), (report.Accepted, report.Duplicates, report.Rejected));
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT count(*) FROM touchpoint_events"));
        var quarantined = Assert.Single(await store.QueryAsync("SELECT line_number, reason_code, reason, raw_row FROM quarantine"));
        Assert.Equal(3L, Convert.ToInt64(quarantined[0]));
        Assert.Equal(reasonCode, quarantined[1]);
        Assert.Contains(reasonCode == "line_too_long" ? "行超过 4 MB" : "too many columns", (string)quarantined[2]!);
        Assert.Contains("e2", (string)quarantined[3]!);
    }
}
