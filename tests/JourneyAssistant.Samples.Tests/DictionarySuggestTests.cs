using DuckDB.NET.Data;
using JourneyAssistant.Samples.Retail;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Vocabulary;
using JourneyAssistant.Testing;
using Xunit.Abstractions;

namespace JourneyAssistant.Samples.Tests;

/// <summary>
/// `dictionary suggest` measured on the retail chain against the generator's ground truth. The events are the retail files
/// as the store keeps them under open vocabulary (docs/DICTIONARY.md): a name the dictionary resolves stored as our id,
/// any other as <c>custom:&lt;name&gt;</c>, identifiers linked into persons.
/// </summary>
public sealed class DictionarySuggestTests(ITestOutputHelper output)
{
    private static readonly Lazy<(RetailManifest Manifest, IReadOnlyList<NameObservation> Observations)> _retail = new(() =>
    {
        var manifest = RetailSampleGenerator.Write(new SampleOptions(People: 8_000, Days: 56), RepoPaths.NewScratchFolder("suggest-retail"));
        return (manifest, ObserveAsync(manifest).GetAwaiter().GetResult());
    });

    private static async Task<IReadOnlyList<NameObservation>> ObserveAsync(RetailManifest manifest)
    {
        var dictionary = JourneyDictionary.LoadEmbedded();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var files = string.Join(", ", manifest.Sample.Files.Select(f => DuckDbConnectionExtensions.QuoteLiteral(f)));
        await connection.ExecuteAsync($"CREATE TABLE raw AS SELECT DISTINCT * FROM read_csv([{files}], header = true, all_varchar = true)");
        var names = (await connection.QueryAsync("""
            SELECT DISTINCT 'channel', channel FROM raw UNION SELECT DISTINCT 'touchpoint', touchpoint FROM raw UNION SELECT DISTINCT 'event', event FROM raw
            """)).Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
        var values = string.Join(", ", names.Select(n => $"({DuckDbConnectionExtensions.QuoteLiteral(n.Item1)}, {DuckDbConnectionExtensions.QuoteLiteral(n.Item2)}, " +
            $"{DuckDbConnectionExtensions.QuoteLiteral(dictionary.Resolve(n.Item1, n.Item2)?.Id ?? NameObservation.CustomPrefix + n.Item2)})"));
        await connection.ExecuteAsync($"""
            CREATE TABLE names(kind VARCHAR, name VARCHAR, id VARCHAR);
            INSERT INTO names VALUES {values};
            CREATE TABLE member_cookie AS SELECT member_id, any_value(cookie_id) AS cookie_id FROM raw WHERE member_id IS NOT NULL AND cookie_id IS NOT NULL GROUP BY 1;
            CREATE TABLE phone_member AS SELECT phone, any_value(member_id) AS member_id FROM raw WHERE phone IS NOT NULL AND member_id IS NOT NULL GROUP BY 1;
            CREATE VIEW events AS
            SELECT coalesce(r.cookie_id, mc.cookie_id, pmc.cookie_id, r.member_id, pm.member_id, r.phone) AS person_id,
                   CAST(r.occurred_at AS TIMESTAMPTZ) AS occurred_at, c.id AS channel, t.id AS touchpoint, e.id AS event,
                   r.stage, CAST(r.amount AS DECIMAL(18,2)) AS amount
            FROM raw r
            JOIN names c ON c.kind = 'channel' AND c.name = r.channel
            JOIN names t ON t.kind = 'touchpoint' AND t.name = r.touchpoint
            JOIN names e ON e.kind = 'event' AND e.name = r.event
            LEFT JOIN member_cookie mc ON mc.member_id = r.member_id
            LEFT JOIN phone_member pm ON pm.phone = r.phone
            LEFT JOIN member_cookie pmc ON pmc.member_id = pm.member_id;
            """);
        return await NameObservationReader.ReadAsync(connection, "events");
    }

    [Fact]
    public void Suggest_maps_at_least_80_percent_of_the_retail_chains_unmapped_names_right_at_default_confidence()
    {
        var (manifest, observations) = _retail.Value;
        var suggestions = new MappingSuggester(JourneyDictionary.LoadEmbedded()).Suggest(observations);
        var truth = manifest.Truth.Names.ToDictionary(n => NameObservation.CustomPrefix + n.Name + "|" + n.Kind, n => n.Canonical);

        var right = 0;
        foreach (var s in suggestions)
        {
            var expected = truth[s.Id + "|" + s.Kind];
            var ok = expected == RetailVocabulary.New ? !s.Applies(MappingSuggester.DefaultMinConfidence) : s.Applies(MappingSuggester.DefaultMinConfidence) && s.Target == expected;
            right += ok ? 1 : 0;
            output.WriteLine($"{(ok ? "ok  " : "MISS")} {s.Kind,-10} {s.Name,-16} → {s.Target ?? "(new)",-16} {s.Confidence:0.00}  expected {expected}  | {string.Join("; ", s.Evidence.Select(e => e.Text.En))}");
        }

        var share = (double)right / suggestions.Count;
        output.WriteLine($"right: {right} of {suggestions.Count} = {share:P1}");
        // Measured: 18 of 18 (100 %) at seed 42 (8,000 people) and at seed 7 (3,000 people); the issue's target is 80 %.
        Assert.Equal(18, suggestions.Count);
        Assert.True(share >= 0.8, $"suggest mapped {right} of {suggestions.Count} unmapped names right ({share:P1}); the target is 80 %");
    }

    [Fact]
    public void A_name_like_none_of_ours_is_left_as_the_users_own_and_evidence_is_bilingual()
    {
        var suggestions = new MappingSuggester(JourneyDictionary.LoadEmbedded()).Suggest(_retail.Value.Observations);

        var facebook = suggestions.Single(s => s.Name == "Facebook");
        Assert.Null(facebook.Target);
        Assert.False(facebook.Applies(0));
        var hotline = suggestions.Single(s => s.Name == "售后热线");
        Assert.Equal("after_sales", hotline.Target);
        Assert.Contains(hotline.Evidence, e => e.Kind == "name" && e.Text.Zh.Contains("售后", StringComparison.Ordinal) && e.Text.En.Contains("售后", StringComparison.Ordinal));
        Assert.Contains(hotline.Evidence, e => e.Kind == "stage" && e.Score > 0);
        // 售后热线 and 在线客服 stay distinct: different ids, not collapsed onto one.
        Assert.NotEqual(hotline.Target, suggestions.Single(s => s.Name == "在线客服").Target);
    }
}
