using System.Text.Json;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>`journey dictionary` and `journey sample generate --company retail` as a script uses them: real process, real store, one JSON object.</summary>
public sealed class DictionaryCommandTests(CliStoreFixture store) : IClassFixture<CliStoreFixture>
{
    private JourneyProcess Journey => store.Journey;

    [Fact]
    public async Task List_json_counts_our_ids_in_the_store_and_our_own_sample_leaves_nothing_unmapped()
    {
        var list = await Journey.RunAsync("dictionary", "list", "--json", "--db", Journey.StorePath);
        var unmapped = await Journey.RunAsync("dictionary", "list", "--unmapped", "--json", "--db", Journey.StorePath);
        var suggest = await Journey.RunAsync("dictionary", "suggest", "--json", "--db", Journey.StorePath);

        Assert.Equal((0, 0, 0), (list.ExitCode, unmapped.ExitCode, suggest.ExitCode));
        var names = JsonDocument.Parse(list.StdOut).RootElement.GetProperty("names").EnumerateArray().ToList();
        var payment = names.Single(n => n.GetProperty("kind").GetString() == "touchpoint" && n.GetProperty("id").GetString() == "payment");
        Assert.True(payment.GetProperty("events").GetInt64() > 1_000);
        Assert.Contains(names, n => n.GetProperty("kind").GetString() == "channel" && n.GetProperty("id").GetString() == "douyin");
        Assert.Equal(0, JsonDocument.Parse(unmapped.StdOut).RootElement.GetProperty("names").GetArrayLength());
        Assert.Equal(0, JsonDocument.Parse(suggest.StdOut).RootElement.GetProperty("suggestions").GetArrayLength());
    }

    [Fact]
    public async Task Apply_refuses_a_confidence_outside_0_to_1_in_one_bilingual_line()
    {
        var outcome = await Journey.RunAsync("dictionary", "apply", "--min-confidence", "3", "--db", Journey.StorePath);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("--min-confidence must be between 0 and 1 / 置信度须在 0 到 1 之间: 3", outcome.StdErr.Trim());
    }

    [Fact]
    public async Task Retail_sample_writes_canonical_files_and_its_ground_truth()
    {
        var folder = RepoPaths.NewScratchFolder("cli-retail");

        var outcome = await Journey.RunAsync("sample", "generate", "--company", "retail", "--people", "500", "--out", folder, "--json");

        Assert.Equal(0, outcome.ExitCode);
        var root = JsonDocument.Parse(outcome.StdOut).RootElement;
        Assert.Equal("retail", root.GetProperty("company").GetString());
        Assert.Equal(4, root.GetProperty("files").GetArrayLength());
        var truth = JsonDocument.Parse(File.ReadAllText(root.GetProperty("ground_truth").GetString()!)).RootElement;
        Assert.Equal("支付页", truth.GetProperty("biggest_leak").GetProperty("from").GetString());
        Assert.Equal(root.GetProperty("events").GetInt64(), truth.GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_company_with_its_own_names_loses_no_row_and_apply_moves_its_names_onto_ours_in_the_store()
    {
        // Issue 14: the retail export (广告点击, 售后热线, Facebook, Paid Search, survey_response, …) lost 32 % of its rows
        // as unknown names. Now every row is kept, the names are listed as unmapped, and applying the suggestions relabels the store.
        var folder = RepoPaths.NewScratchFolder("cli-open-vocab");
        var db = Path.Combine(folder, "retail.duckdb");
        var overlay = Path.Combine(folder, "dictionary.local.yaml");
        var overlayEnv = new Dictionary<string, string> { ["JOURNEY__Store__DictionaryOverlayPath"] = overlay };
        var generated = await Journey.RunAsync("sample", "generate", "--company", "retail", "--people", "1500", "--out", folder, "--json");
        var files = JsonDocument.Parse(generated.StdOut).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToArray();

        var ingest = await Journey.RunAsync(overlayEnv, ["ingest", .. files, "--db", db, "--json"]);
        var before = await Journey.RunAsync(overlayEnv, "dictionary", "list", "--unmapped", "--json", "--db", db);
        var apply = await Journey.RunAsync(overlayEnv, "dictionary", "apply", "--min-confidence", "0.8", "--json", "--db", db, "--overlay", overlay);
        var after = await Journey.RunAsync(overlayEnv, "dictionary", "list", "--json", "--db", db);

        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        var report = JsonDocument.Parse(ingest.StdOut).RootElement;
        Assert.Equal(0, report.GetProperty("rejected").GetInt64());
        Assert.Equal(report.GetProperty("input_rows").GetInt64(), report.GetProperty("accepted").GetInt64() + report.GetProperty("duplicates").GetInt64());
        // The report says how much rests on names we do not know, and which.
        Assert.True(report.GetProperty("unmapped_share").GetDouble() > 0.5);
        Assert.Contains(report.GetProperty("top_unmapped").EnumerateArray(), n => n.GetProperty("name").GetString() == "广告点击");
        var unmapped = JsonDocument.Parse(before.StdOut).RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains("custom:售后热线", unmapped);
        Assert.Contains("custom:在线客服", unmapped);
        Assert.Contains("custom:Facebook", unmapped);
        Assert.Contains("custom:survey_response", unmapped);
        Assert.True(apply.ExitCode == 0, apply.StdErr);
        Assert.True(JsonDocument.Parse(apply.StdOut).RootElement.GetProperty("added").GetInt32() > 0);
        var names = JsonDocument.Parse(after.StdOut).RootElement.GetProperty("names").EnumerateArray().ToList();
        var stillUnmapped = names.Where(n => n.GetProperty("unmapped").GetBoolean()).Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.True(stillUnmapped.Count < unmapped.Count, $"{stillUnmapped.Count} unmapped after apply, {unmapped.Count} before");
        Assert.DoesNotContain("custom:survey_response", stillUnmapped);
        Assert.Contains("custom:Facebook", stillUnmapped); // no id of ours is a good guess for it: it stays the company's own
        var nps = names.Single(n => n.GetProperty("kind").GetString() == "event" && n.GetProperty("id").GetString() == "nps_response");
        Assert.True(nps.GetProperty("events").GetInt64() > 0);

        // Every answer owns up to the names still unmapped, with the numbers (item 5).
        var ask = await Journey.RunAsync(overlayEnv, "ask", "总收入是多少？", "--db", db, "--json");
        Assert.True(ask.ExitCode == 0, ask.StdErr);
        var explanation = JsonDocument.Parse(ask.StdOut).RootElement.GetProperty("explanation").GetString()!;
        Assert.Matches(@"数据中 [\d,]+ 条事件（[\d.]+%）使用未映射的名称（如 [^）]*Facebook", explanation);
        var info = await Journey.RunAsync(overlayEnv, "db", "info", "--db", db, "--json");
        var infoJson = JsonDocument.Parse(info.StdOut).RootElement;
        Assert.True(infoJson.GetProperty("unmapped_share").GetDouble() > 0);
        Assert.Contains(infoJson.GetProperty("top_unmapped").EnumerateArray(), n => n.GetString() == "Facebook");
    }
}
