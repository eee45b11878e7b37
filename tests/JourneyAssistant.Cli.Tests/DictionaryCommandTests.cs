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
}
