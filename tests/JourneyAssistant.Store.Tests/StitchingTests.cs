namespace JourneyAssistant.Store.Tests;

public sealed class StitchingTests
{
    [Fact]
    public async Task Cookie_member_phone_and_openid_are_stitched_transitively_into_one_person()
    {
        var store = new TestStore("transitive");
        var web = store.WriteCsv("web.csv",
            TestStore.Row("w1", "2026-11-01T10:00:00Z", "page_view", cookieId: "ck-1"),
            TestStore.Row("w2", "2026-11-01T10:05:00Z", "member_register", cookieId: "ck-1", memberId: "M-100"));
        var crm = store.WriteCsv("crm.csv",
            TestStore.Row("c1", "2026-11-02T10:00:00Z", "member_register", source: "crm", channel: "store", memberId: "M-100", phone: "138 0013 8000"));
        var mp = store.WriteCsv("mp.csv",
            TestStore.Row("m1", "2026-11-03T10:00:00Z", "page_view", source: "mp", channel: "mini_program", phone: "+86-138-0013-8000", openId: "oWx1234567890abcdefghij"),
            TestStore.Row("m2", "2026-11-04T10:00:00Z", "product_view", source: "mp", channel: "mini_program", openId: "oWx1234567890abcdefghij"),
            TestStore.Row("x1", "2026-11-04T10:00:00Z", "page_view", source: "mp", channel: "mini_program", openId: "oSomebodyElse000000000"));

        var report = await store.IngestAsync(web, crm, mp);

        Assert.Equal(2, report.Persons);
        var people = await store.QueryAsync("SELECT count(DISTINCT person_id) FROM touchpoint_events WHERE event_id IN ('w1','w2','c1','m1','m2')");
        Assert.Equal(1L, Convert.ToInt64(people[0][0]));
        var person = await store.QueryAsync("SELECT identifier_count, has_member_id, has_phone, has_wechat, has_cookie, first_channel FROM people WHERE identifier_count > 1");
        Assert.Equal([4, true, true, true, true, "website"], person[0]);
    }

    [Fact]
    public async Task Phone_numbers_are_normalized_before_hashing()
    {
        var store = new TestStore("phones");
        var file = store.WriteCsv("phones.csv",
            TestStore.Row("p1", "2026-11-01T10:00:00Z", "page_view", phone: "13800138000"),
            TestStore.Row("p2", "2026-11-01T10:00:00Z", "page_view", phone: "+86 138 0013 8000"),
            TestStore.Row("p3", "2026-11-01T10:00:00Z", "page_view", phone: "0086-138-0013-8000"),
            TestStore.Row("p4", "2026-11-01T10:00:00Z", "page_view", phone: " 86 13800138000 "),
            TestStore.Row("p5", "2026-11-01T10:00:00Z", "page_view", phone: "(138)0013-8000"));

        await store.IngestAsync(file);

        var identities = await store.QueryAsync("SELECT id_hash, masked FROM identities WHERE id_type = 'phone'");
        Assert.Single(identities);
        Assert.Equal(store.Store.PiiKey.Hash("13800138000"), identities[0][0]);
        Assert.Equal("138****8000", identities[0][1]);
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events"));
    }

    [Fact]
    public async Task Shared_and_junk_identifiers_do_not_merge_people()
    {
        var store = new TestStore("shared", o => o.SharedIdentifierThreshold = 3);
        var lines = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // A shop's phone used at the till for six different members; one anonymous device id and a 0 user id on every row.
            lines.Add(TestStore.Row($"s{i}", "2026-11-01T10:00:00Z", "store_purchase", source: "pos", channel: "store",
                memberId: $"M{i:000}", phone: "021-5555-0000", deviceId: "anonymous", userId: "0", amount: "10"));
        }

        lines.Add(TestStore.Row("t1", "2026-11-02T10:00:00Z", "page_view", memberId: "M001", cookieId: "ck-a"));
        lines.Add(TestStore.Row("t2", "2026-11-02T10:00:00Z", "page_view", memberId: "M002", cookieId: "11111111"));
        // The all-zero iOS IDFA (ad tracking off) is one placeholder for millions of devices: the dashes must not hide it.
        lines.Add(TestStore.Row("t3", "2026-11-02T11:00:00Z", "page_view", memberId: "M003", deviceId: "00000000-0000-0000-0000-000000000000"));
        lines.Add(TestStore.Row("t4", "2026-11-02T11:00:00Z", "page_view", memberId: "M004", deviceId: "00000000-0000-0000-0000-000000000000"));

        var report = await store.IngestAsync(store.WriteCsv("pos.csv", [.. lines]));

        Assert.Equal(6, report.Persons);
        var shared = Assert.Single(report.Stitch.Shared);
        Assert.Equal("phone", shared.IdType);
        Assert.Equal(6, shared.LinkedValues);
        Assert.Equal(6, shared.Events);
        // The till phone normalizes to 02155550000; its mask shows only the first 3 and last 4 digits, so the middle ones never appear.
        Assert.Equal("021****0000", shared.Masked);
        Assert.DoesNotContain("5555", shared.Masked);
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT count(*) FROM identities WHERE id_type IN ('device_id', 'user_id') OR masked LIKE '1111%'"));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT shared_identifiers FROM identity_coverage WHERE id_type = 'phone'"));
        // M001's web visit still joins M001's purchase.
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events WHERE event_id IN ('s1', 't1')"));
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events WHERE event_id IN ('t3', 't4')"));
    }

    [Theory]
    [InlineData("NULL", false)]
    [InlineData("Undefined", false)]
    [InlineData("n/a", false)]
    [InlineData("____", false)]
    [InlineData("-1111", false)]
    [InlineData("1-1-1", false)]
    [InlineData("0 0:0.0", false)]
    [InlineData("好好好", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("ab", true)]
    [InlineData("1.2", true)]
    [InlineData("aaaaaaaaab", true)]
    [InlineData("baaaaaaaaa", true)]
    [InlineData("-1112", true)]
    [InlineData("好坏", true)]
    [InlineData("undefined-device", true)]
    public async Task A_placeholder_identifier_is_never_stored_and_a_real_one_is(string deviceId, bool stored)
    {
        var store = new TestStore("placeholder");
        await store.IngestAsync(store.WriteCsv("d.csv", TestStore.Row("p1", "2026-11-01T10:00:00Z", "page_view", memberId: "M1", deviceId: deviceId)));

        var hashes = (await store.QueryAsync("SELECT id_hash FROM identities WHERE id_type = 'device_id'")).Select(r => (string)r[0]!).ToList();
        Assert.Equal(stored, hashes.Contains(store.Store.PiiKey.Hash(deviceId)));
        Assert.Equal(stored ? 1 : 0, hashes.Count);
        // The member id is a real identifier either way.
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(*) FROM identities WHERE id_type = 'member_id'"));
    }

    [Fact]
    public async Task Only_rows_of_events_with_several_identifiers_are_flagged_as_linking_and_a_store_from_before_the_flag_still_links()
    {
        var store = new TestStore("may-link");
        await store.IngestAsync(store.WriteCsv("a.csv",
            TestStore.Row("a1", "2026-11-01T10:00:00Z", "page_view", cookieId: "ck-1", memberId: "M1"),
            TestStore.Row("a2", "2026-11-01T11:00:00Z", "page_view", cookieId: "ck-2"),
            // A placeholder beside a real value still flags the row: a superset is safe, and the placeholder has no row.
            TestStore.Row("a3", "2026-11-01T12:00:00Z", "page_view", cookieId: "ck-3", deviceId: "anonymous")));
        var flags = await store.QueryAsync("""
            SELECT e.event_id, i.id_type, i.may_link FROM event_identifiers i JOIN touchpoint_events e USING (event_key) ORDER BY 1, 2
            """);
        Assert.Equal([["a1", "cookie_id", true], ["a1", "member_id", true], ["a2", "cookie_id", false], ["a3", "cookie_id", true]], flags);

        await using (var connection = await store.Store.OpenAsync())
        {
            // The shape before the flag existed.
            await connection.ExecuteAsync("ALTER TABLE event_identifiers DROP COLUMN may_link");
        }

        // ck-2 now meets M1's cookie on one event: all three become one person, and the older rows count as linking.
        await store.IngestAsync(store.WriteCsv("b.csv", TestStore.Row("b1", "2026-11-02T10:00:00Z", "page_view", cookieId: "ck-2", memberId: "M1")));

        Assert.Equal(0, await store.ScalarAsync<long>("SELECT count(*) FROM event_identifiers WHERE may_link IS NOT true AND event_key IN (SELECT event_key FROM touchpoint_events WHERE batch_id = 1)"));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events WHERE event_id IN ('a1', 'a2', 'b1')"));
        Assert.Equal(4, await store.ScalarAsync<long>("SELECT count(person_id) FROM touchpoint_events"));
    }

    [Fact]
    public async Task Identifiers_padded_with_any_kind_of_space_are_one_identifier_and_inner_characters_are_kept()
    {
        var store = new TestStore("padding");
        await store.IngestAsync(store.WriteCsv("p.csv",
            TestStore.Row("p1", " 2026-11-01T10:00:00Z", "page_view", cookieId: "ck-1"),
            TestStore.Row("p2", "2026-11-01T11:00:00Z ", "page_view", cookieId: " ck-1 "),
            TestStore.Row("p3", "\u30002026-11-01T12:00:00Z", "page_view", cookieId: "\u3000ck-1\u00A0"),
            TestStore.Row("p4", "2026-11-01T13:00:00Z", "page_view", cookieId: "ck-1\u2003"),
            TestStore.Row("p5", "2026-11-01T14:00:00Z", "page_view", cookieId: "用户 ck-1"),
            TestStore.Row("p6", "2026-11-01T15:00:00Z", "page_view", cookieId: "ck-1\t")));

        Assert.Equal(6, await store.ScalarAsync<long>("SELECT count(*) FROM touchpoint_events"));
        var hashes = (await store.QueryAsync("SELECT id_hash FROM identities")).Select(r => (string)r[0]!).Order().ToList();
        // A tab is not a space separator: it stays part of the value, as does the space inside "用户 ck-1".
        Assert.Equal(new[] { store.Store.PiiKey.Hash("ck-1"), store.Store.PiiKey.Hash("ck-1\t"), store.Store.PiiKey.Hash("用户 ck-1") }.Order(), hashes);
        Assert.Equal(4, await store.ScalarAsync<long>($"""
            SELECT count(*) FROM touchpoint_events WHERE person_id = (SELECT person_id FROM identities WHERE id_hash = '{store.Store.PiiKey.Hash("ck-1")}')
            """));
    }

    [Fact]
    public async Task An_event_whose_only_identifier_turns_shared_later_loses_its_person()
    {
        var store = new TestStore("turns-shared", o => o.SharedIdentifierThreshold = 3);
        var first = store.WriteCsv("a.csv",
            TestStore.Row("x0", "2026-11-01T10:00:00Z", "store_purchase", source: "pos", channel: "store", memberId: "M000", phone: "02155550000"),
            TestStore.Row("x1", "2026-11-01T11:00:00Z", "store_purchase", source: "pos", channel: "store", phone: "02155550000"));
        await store.IngestAsync(first);
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events WHERE event_id IN ('x0', 'x1')"));

        // The same phone then turns up at the till for five more members: it is the shop's, not a person's.
        var later = store.WriteCsv("b.csv", [.. Enumerable.Range(1, 5).Select(i =>
            TestStore.Row($"y{i}", "2026-11-02T10:00:00Z", "store_purchase", source: "pos", channel: "store", memberId: $"M{i:000}", phone: "02155550000"))]);
        var report = await store.IngestAsync(later);

        Assert.Equal(6, report.Persons);
        Assert.Null((await store.QueryAsync("SELECT person_id FROM touchpoint_events WHERE event_id = 'x1'"))[0][0]);
        Assert.Equal(7, await store.ScalarAsync<long>("SELECT count(*) FROM touchpoint_events"));
        Assert.Equal(6, await store.ScalarAsync<long>("SELECT count(DISTINCT person_id) FROM touchpoint_events WHERE person_id IS NOT NULL"));
        Assert.Equal(6, await store.ScalarAsync<long>("SELECT CAST(sum(event_count) AS BIGINT) FROM persons"));
    }

    [Fact]
    public async Task Person_ids_are_the_same_when_the_same_files_are_loaded_into_a_fresh_store()
    {
        async Task<List<string>> Load(string purpose, string? key)
        {
            var store = new TestStore(purpose, o => o.PiiKey = key);
            var a = store.WriteCsv("a.csv",
                TestStore.Row("a1", "2026-11-01T10:00:00Z", "page_view", cookieId: "ck-9"),
                TestStore.Row("a2", "2026-11-01T10:00:00Z", "page_view", cookieId: "ck-1"),
                TestStore.Row("a3", "2026-11-01T11:00:00Z", "member_register", cookieId: "ck-1", memberId: "M7"),
                TestStore.Row("a4", "2026-11-01T12:00:00Z", "page_view", memberId: "M8", phone: "13900001111"));
            var b = store.WriteCsv("b.csv",
                TestStore.Row("b1", "2026-11-02T10:00:00Z", "page_view", cookieId: "ck-9", phone: "13900001111"));
            await store.Ingestion.IngestAsync([a]);
            await store.Ingestion.IngestAsync([b]);
            return (await store.QueryAsync("SELECT event_id || '=' || person_id FROM touchpoint_events ORDER BY event_id")).Select(r => (string)r[0]!).ToList();
        }

        var first = await Load("stable1", "key-one");
        var second = await Load("stable2", "a-different-key");

        Assert.Equal(first, second);
        // ck-9 (node 1) and the M8/phone person merged through b1; the merged person keeps the smallest id.
        Assert.Equal(["a1=1", "a2=2", "a3=2", "a4=1", "b1=1"], first);
    }
}
