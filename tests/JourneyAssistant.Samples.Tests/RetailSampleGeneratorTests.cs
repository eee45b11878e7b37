using System.Text.Json;
using JourneyAssistant.Samples.Retail;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Samples.Tests;

/// <summary>The retail chain's sample: deterministic, in its own names, and its ground truth is what the files hold.</summary>
public sealed class RetailSampleGeneratorTests
{
    private static readonly Lazy<(RetailManifest Manifest, List<string[]> Rows)> _default = new(() =>
    {
        var folder = RepoPaths.NewScratchFolder("retail-default");
        var manifest = RetailSampleGenerator.Write(new SampleOptions(People: 6_000), folder);
        return (manifest, ReadRows(manifest));
    });

    private static List<string[]> ReadRows(RetailManifest manifest) =>
        manifest.Sample.Files.SelectMany(f => File.ReadLines(f).Skip(1)).Select(l => l.Split(',', 16)).ToList();

    private static IEnumerable<string[]> DistinctRows(List<string[]> rows) => rows.DistinctBy(r => string.Join(',', r));

    [Fact]
    public void Same_seed_writes_byte_identical_files_and_truth()
    {
        var a = RetailSampleGenerator.Write(new SampleOptions(People: 1_000, Seed: 5), RepoPaths.NewScratchFolder("retail-a"));
        var b = RetailSampleGenerator.Write(new SampleOptions(People: 1_000, Seed: 5), RepoPaths.NewScratchFolder("retail-b"));
        var c = RetailSampleGenerator.Write(new SampleOptions(People: 1_000, Seed: 6), RepoPaths.NewScratchFolder("retail-c"));

        foreach (var (first, second, other) in a.Sample.Files.Append(a.TruthPath).Zip(b.Sample.Files.Append(b.TruthPath), c.Sample.Files.Append(c.TruthPath)))
        {
            Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
            Assert.NotEqual(File.ReadAllBytes(first), File.ReadAllBytes(other));
        }
    }

    [Fact]
    public void Ground_truth_counts_are_what_the_files_hold()
    {
        var (manifest, rows) = _default.Value;
        var truth = JsonSerializer.Deserialize<RetailTruth>(File.ReadAllText(manifest.TruthPath))!;
        var distinct = DistinctRows(rows).ToList();

        Assert.Equal(truth.Events, distinct.Count);
        Assert.Equal(truth.DuplicateRows, rows.Count - distinct.Count);
        Assert.True(truth.DuplicateRows > 0, "the default sample re-sends some rows");
        Assert.Equal(truth.EventsByEvent, distinct.GroupBy(r => r[5]).ToDictionary(g => g.Key, g => (long)g.Count()));
        Assert.Equal(truth.EventsByTouchpoint, distinct.GroupBy(r => r[4]).ToDictionary(g => g.Key, g => (long)g.Count()));
        var purchases = distinct.Where(r => r[5] is "pay_success" or "store_sale" or "repeat_purchase").ToList();
        Assert.Equal(truth.Orders, purchases.Count);
        Assert.Equal(truth.Revenue, purchases.Sum(r => decimal.Parse(r[14], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(truth.Persons, 5_900, 6_000);
        Assert.Equal(truth.Buyers, truth.ConversionByChannel.Sum(c => c.Buyers));
        Assert.Equal(truth.Persons, truth.ConversionByChannel.Sum(c => c.People));
        // Every row is written in UTC: the data zone differs from the reporting zone.
        Assert.All(distinct, r => Assert.EndsWith("Z", r[1]));
    }

    [Fact]
    public void Planted_leak_is_the_payment_page_losing_about_68_percent()
    {
        var truth = _default.Value.Manifest.Truth;

        Assert.Equal(("支付页", "支付成功"), (truth.BiggestLeak.From, truth.BiggestLeak.To));
        Assert.InRange(truth.BiggestLeak.LostShare, 0.64, 0.72);
        Assert.Equal(["广告点击", "商品详情", "支付页", "支付成功"], truth.Funnel.Select(f => f.Touchpoint));
        // Search converts best among the paid channels; Online Display worst.
        var paid = truth.ConversionByChannel.Where(c => c.Channel is "Facebook" or "Instagram" or "Paid Search" or "Online Display").OrderByDescending(c => c.Conversion).ToList();
        Assert.Equal(4, paid.Count);
        Assert.Equal("Paid Search", paid[0].Channel);
        Assert.Equal("Online Display", paid[^1].Channel);
    }

    [Fact]
    public void Funnel_has_no_checkout_step_and_uses_the_chains_own_names()
    {
        var rows = _default.Value.Rows;

        Assert.DoesNotContain(rows, r => r[4] is "checkout" or "结算页" || r[5] is "checkout_start");
        Assert.Equal(
            ["Facebook", "Instagram", "Online Display", "Paid Search", "企业微信", "在线客服", "官网", "热线", "门店"],
            rows.Select(r => r[3]).Distinct().Order(StringComparer.Ordinal));
        foreach (var name in new[] { "广告点击", "商品详情", "支付页", "支付成功", "门店自提", "售后热线", "在线客服", "复购" })
        {
            Assert.Contains(rows, r => r[4] == name);
        }
    }

    [Fact]
    public void Truth_names_every_value_and_agrees_with_the_dictionary_where_it_knows_the_name()
    {
        var (manifest, rows) = _default.Value;
        var dictionary = JourneyDictionary.LoadEmbedded();
        var names = manifest.Truth.Names;
        var used = rows.SelectMany(r => new[] { (DictionaryKind.Channel, r[3]), (DictionaryKind.Touchpoint, r[4]), (DictionaryKind.Event, r[5]) }).Distinct().ToHashSet();

        Assert.Equal(used, names.Select(n => (n.Kind, n.Name)).ToHashSet());
        var unmapped = new List<string>();
        foreach (var n in names)
        {
            var known = dictionary.Resolve(n.Kind, n.Name);
            if (known is null)
            {
                unmapped.Add(n.Name);
                Assert.True(n.Canonical == RetailVocabulary.New || dictionary.Resolve(n.Kind, n.Canonical)?.Id == n.Canonical, $"{n.Name} → {n.Canonical} is not an id of ours");
            }
            else
            {
                Assert.Equal(known.Id, n.Canonical);
            }
        }

        // The names the built-in dictionary does not know: what `dictionary suggest` has to map.
        Assert.Equal(
            ["广告点击", "商品详情", "在线客服", "支付成功", "门店自提", "复购", "售后热线", "service_chat", "pay_page_view", "pickup_complete", "repeat_purchase", "ticket_opened", "ticket_resolved", "survey_response", "Facebook", "Instagram", "Paid Search", "Online Display"],
            unmapped);
    }

    [Fact]
    public void Export_covers_whole_utc_days_so_the_last_shanghai_day_is_partial()
    {
        var (manifest, rows) = _default.Value;
        var instants = rows.Select(r => DateTimeOffset.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var truth = manifest.Truth;

        Assert.Equal(truth.FirstDay, DateOnly.FromDateTime(instants.Min().UtcDateTime));
        Assert.Equal(truth.LastDay, DateOnly.FromDateTime(instants.Max().UtcDateTime));
        // 16:00Z and later is the next day in Asia/Shanghai: the export reaches into a local day it does not cover.
        Assert.Contains(instants, t => t.UtcDateTime.Date == truth.LastDay.ToDateTime(TimeOnly.MinValue) && t.UtcDateTime.Hour >= 16);
    }
}
