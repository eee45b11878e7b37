using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Apparel;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Samples.Tests;

public sealed class SampleGeneratorTests
{
    private static SampleManifest Generate(string purpose, SampleOptions options, out string folder)
    {
        folder = RepoPaths.NewScratchFolder(purpose);
        return ApparelSampleGenerator.Write(options, folder);
    }

    private static IEnumerable<string> AllFiles(SampleManifest m) => m.Files.Concat(m.Mappings);

    [Fact]
    public void Same_seed_writes_byte_identical_files()
    {
        var options = new SampleOptions(People: 1_500, Seed: 7);
        var first = Generate("sample-a", options, out var a);
        var second = Generate("sample-b", options, out var b);

        Assert.Equal(first.Files.Count, second.Files.Count);
        Assert.Equal(8, first.Files.Count);
        Assert.Equal(8, first.Mappings.Count);
        foreach (var file in AllFiles(first))
        {
            var twin = Path.Combine(b, Path.GetRelativePath(a, file));
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), $"{Path.GetFileName(file)} differs between runs");
        }

        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.NoiseRows, second.NoiseRows);
    }

    [Fact]
    public void Different_seed_writes_different_files()
    {
        var first = Generate("sample-s1", new SampleOptions(People: 1_000, Seed: 1), out var a);
        var second = Generate("sample-s2", new SampleOptions(People: 1_000, Seed: 2), out var b);

        foreach (var file in first.Files)
        {
            var twin = Path.Combine(b, Path.GetRelativePath(a, file));
            Assert.False(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), $"{Path.GetFileName(file)} is the same for seeds 1 and 2");
        }

        // Mappings describe the format, not the data: they do not depend on the seed.
        foreach (var mapping in first.Mappings)
        {
            Assert.Equal(File.ReadAllText(mapping), File.ReadAllText(Path.Combine(b, Path.GetRelativePath(a, mapping))));
        }
    }

    [Fact]
    public void Committed_sample_data_is_what_the_generator_writes_by_default()
    {
        // Skills, the eval harness and the store bootstrap read sample-data/; it must never drift from the generator.
        var manifest = Generate("sample-default", new SampleOptions(), out var folder);
        foreach (var file in AllFiles(manifest))
        {
            var committed = Path.Combine(RepoPaths.SampleData, Path.GetRelativePath(folder, file));
            Assert.True(File.Exists(committed), $"{committed} is missing: run `journey sample generate`");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(committed)),
                $"{committed} differs from the generator's default output: run `journey sample generate`");
        }

        Assert.InRange(manifest.Events, 90_000, 115_000);
    }

    [Fact]
    public void Canonical_mode_writes_the_exact_canonical_header_in_several_files()
    {
        var manifest = Generate("sample-canonical", new SampleOptions(People: 800, Canonical: true), out _);

        Assert.Empty(manifest.Mappings);
        Assert.True(manifest.Files.Count > 1);
        var header = string.Join(",", SourceMapping.CanonicalColumns);
        Assert.Equal("event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties", header);
        foreach (var file in manifest.Files)
        {
            Assert.Equal(header, File.ReadLines(file).First());
        }

        Assert.Equal(manifest.Rows, manifest.Files.Sum(f => File.ReadLines(f).LongCount() - 1));
    }

    [Fact]
    public void Noise_counts_in_the_manifest_match_the_rows_in_the_files()
    {
        var manifest = Generate("sample-noise", new SampleOptions(People: 3_000, Seed: 11), out _);

        long duplicates = 0, rows = 0;
        foreach (var stats in manifest.FileStats)
        {
            var lines = File.ReadLines(stats.Path).Skip(stats.Path.EndsWith(".jsonl", StringComparison.Ordinal) ? 0 : 1).ToList();
            Assert.Equal(stats.Rows, lines.Count);
            Assert.Equal(stats.Rows, stats.Events + stats.DuplicateRows + stats.BadRows);
            // Every valid and every bad row is unique; a duplicate is an exact re-send of an earlier line.
            var fileDuplicates = lines.Count - lines.Distinct(StringComparer.Ordinal).Count();
            Assert.Equal(stats.DuplicateRows, fileDuplicates);
            duplicates += fileDuplicates;
            rows += lines.Count;
        }

        Assert.Equal(manifest.DuplicateRows, duplicates);
        Assert.Equal(manifest.Rows, rows);
        Assert.Equal(manifest.DuplicateRows + manifest.BadRows, manifest.NoiseRows);
        Assert.InRange(manifest.DuplicateRows / (double)manifest.Events, 0.007, 0.013);
        Assert.InRange(manifest.BadRows / (double)manifest.Events, 0.001, 0.006);

        var clean = Generate("sample-clean", new SampleOptions(People: 3_000, Seed: 11, Noise: false), out _);
        Assert.Equal(0, clean.NoiseRows);
        Assert.Equal(manifest.Events, clean.Events);
    }

    [Fact]
    public void Payment_page_loses_most_people_who_reach_it_and_mini_program_loses_more()
    {
        var manifest = Generate("sample-leak", new SampleOptions(), out var folder);
        var raw = Path.Combine(folder, "raw");

        // Web: a person is a cookie (good enough inside one export); mini-program: an openid.
        var web = PaymentReach(File.ReadLines(Path.Combine(raw, "web_analytics.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(c => c.Length > 4)
            .Select(c => (Person: c[2], Event: c[4])), "pay_start", "pay_success");
        var mini = PaymentReach(File.ReadLines(Path.Combine(raw, "miniprogram_events.jsonl"))
            .Select(TryParse).OfType<JsonElement>()
            .Select(j => (Person: j.GetProperty("openid").GetString()!, Event: j.GetProperty("event_name").GetString()!)), "cashier_view", "pay_success");

        Assert.InRange(web.Lost, 0.55, 0.72);
        Assert.InRange(mini.Lost, 0.60, 0.80);
        Assert.True(mini.Lost > web.Lost + 0.03, $"mini-program should leak more at payment ({mini.Lost:P0} vs web {web.Lost:P0})");
        Assert.InRange(manifest.Truth.ReachedPayment == 0 ? 0 : 1 - manifest.Truth.PaidOnline / (double)manifest.Truth.ReachedPayment, 0.6, 0.7);
    }

    [Fact]
    public void Phone_tickets_take_far_longer_than_online_chat()
    {
        Generate("sample-tickets", new SampleOptions(People: 8_000), out var folder);
        var rows = File.ReadLines(Path.Combine(folder, "raw", "service_tickets.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var opened = rows.Where(r => r[1] == "created").GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.First());
        var hours = rows.Where(r => r[1] == "resolved" && opened.ContainsKey(r[0]))
            .GroupBy(r => r[3])
            .ToDictionary(g => g.Key, g => Median(g.Select(r => (Local(r[2]) - Local(opened[r[0]][2])).TotalHours)));

        Assert.InRange(hours["电话"], 22, 40);
        Assert.InRange(hours["在线客服"], 2.5, 6);
        Assert.True(hours["企业微信"] < hours["电话"] / 2);
    }

    [Fact]
    public void Mini_program_payment_successes_drop_in_the_last_week_while_web_holds()
    {
        Generate("sample-w47", new SampleOptions(People: 60_000, Seed: 5), out var folder);
        var raw = Path.Combine(folder, "raw");
        var weekBefore = (Start: new DateTime(2026, 11, 9), End: new DateTime(2026, 11, 16));
        var lastWeek = (Start: new DateTime(2026, 11, 16), End: new DateTime(2026, 11, 23));

        var webSuccess = File.ReadLines(Path.Combine(raw, "web_analytics.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[4] == "pay_success")
            .Select(c => DateTimeOffset.TryParse(c[1], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.ToOffset(TimeSpan.FromHours(8)).DateTime : (DateTime?)null)
            .OfType<DateTime>().ToList();
        var miniSuccess = File.ReadLines(Path.Combine(raw, "miniprogram_events.jsonl")).Select(TryParse).OfType<JsonElement>()
            .Where(j => j.GetProperty("event_name").GetString() == "pay_success")
            .Select(j => DateTime.TryParse(j.GetProperty("event_time").GetString(), CultureInfo.InvariantCulture, out var t) ? t : (DateTime?)null)
            .OfType<DateTime>().ToList();
        int In(List<DateTime> times, (DateTime Start, DateTime End) week) => times.Count(t => t >= week.Start && t < week.End);

        Assert.True(In(miniSuccess, weekBefore) > 50, "enough mini-program payments to compare weeks");
        var miniChange = In(miniSuccess, lastWeek) / (double)In(miniSuccess, weekBefore);
        var webChange = In(webSuccess, lastWeek) / (double)In(webSuccess, weekBefore);
        Assert.True(miniChange < 0.6, $"mini-program successes W47/W46 = {miniChange:F2}");
        Assert.InRange(webChange, 0.8, 1.25);
    }

    [Fact]
    public void Generator_rejects_impossible_options_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ApparelSampleGenerator.Write(new SampleOptions(People: 0), RepoPaths.NewScratchFolder("sample-bad")));
        Assert.Contains("people", error.Message);
    }

    private static (int Reached, int Paid, double Lost) PaymentReach(IEnumerable<(string Person, string Event)> rows, string start, string success)
    {
        var reached = new HashSet<string>();
        var paid = new HashSet<string>();
        foreach (var (person, ev) in rows)
        {
            if (ev == start)
            {
                reached.Add(person);
            }
            else if (ev == success)
            {
                paid.Add(person);
            }
        }

        var converted = reached.Count(paid.Contains);
        return (reached.Count, converted, 1 - converted / (double)reached.Count);
    }

    private static JsonElement? TryParse(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTime Local(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
