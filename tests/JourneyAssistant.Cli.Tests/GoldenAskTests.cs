using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>Each sample company's real store, built once per test class, for the real `journey` process to answer over.</summary>
public sealed class CompanyStoresFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _stores = [];

    public JourneyProcess Journey { get; } = new(RepoPaths.NewScratchFolder("cli-golden"));

    public string ChartDirectory => Path.Combine(Journey.Scratch, "charts");

    public string StoreOf(string company) => _stores[company];

    public async Task InitializeAsync()
    {
        foreach (var company in SampleCompanies.All)
        {
            _stores[company] = await SampleCompanies.BuildAsync(company, Path.Combine(Journey.Scratch, company));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Golden files for `journey ask --json`, the answer a script reads: per sample company, one Chinese and one English
/// question, run as the real process over the real store with --as-of 2026-11-23.
/// </summary>
public sealed class GoldenAskTests(CompanyStoresFixture stores) : IClassFixture<CompanyStoresFixture>
{
    // The CLI prints one line; the golden file holds it indented (same encoder, so the same characters) so a change
    // shows as a readable diff.
    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    [Theory]
    [MemberData(nameof(SampleCompanies.Cases), MemberType = typeof(SampleCompanies))]
    public async Task Ask_json_matches_golden_file(string company, string language)
    {
        var outcome = await stores.Journey.RunAsync("ask", SampleCompanies.Question(company, language), "--db", stores.StoreOf(company),
            "--as-of", SampleCompanies.AsOf.ToString("yyyy-MM-dd"), "--chart-dir", stores.ChartDirectory, "--json");

        Assert.True(outcome.ExitCode == 0, $"journey ask failed ({outcome.ExitCode}): {outcome.StdErr}");
        Assert.Single(outcome.StdOut.TrimEnd().Split('\n'));
        var answer = JsonDocument.Parse(outcome.StdOut).RootElement;
        Assert.Equal("Answered", answer.GetProperty("kind").GetString());
        Assert.Equal(language, answer.GetProperty("language").GetString());

        // Scrubbed, and why: the chart's absolute path (the scratch folder differs per run) and the reference (the
        // audit id, fresh for every query run).
        (string, string)[] scrubbers =
        [
            (Regex.Escape(JsonEncodedText.Encode(stores.ChartDirectory + Path.DirectorySeparatorChar).Value), "{chart_dir}/"),
            ("\"reference\": \"[0-9a-f]+\"", "\"reference\": \"{audit_id}\""),
        ];
        Snapshot.Match(JsonSerializer.Serialize(answer, _indented), "json", name: $"Ask_{company}_{language}", scrubbers: scrubbers);
    }
}
