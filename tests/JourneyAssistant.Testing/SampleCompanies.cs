using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Retail;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace JourneyAssistant.Testing;

/// <summary>
/// The two sample companies as real DuckDB stores in a scratch folder: the apparel sample (sample-data/, built by the
/// store's bootstrapper as on first use) and the retail chain with its own names (2,000 people, seed 42, as `journey eval`
/// builds data/eval-stores/retail-2000-42). Both end on 2026-11-22, so <see cref="AsOf"/> makes their answers deterministic.
/// </summary>
public static class SampleCompanies
{
    public const string Apparel = "apparel";

    public const string Retail = "retail";

    /// <summary>The day after both samples end (a Monday): "today" for every golden answer.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    /// <summary>The same week for both companies: the last complete week before <see cref="AsOf"/>.</summary>
    public const string Week = "2026-W47";

    public static IReadOnlyList<string> All { get; } = [Apparel, Retail];

    /// <summary>
    /// The golden questions, one Chinese and one English per company, each answered with a chart and recommendations:
    /// the apparel sample in our step names, the retail chain in its own (商品详情, 支付页; Facebook, Paid Search, …).
    /// </summary>
    public static string Question(string company, string language) => (company, language) switch
    {
        (Apparel, "zh") => "哪个触点流失的用户最多？",
        (Apparel, "en") => "Which channel converts best?",
        (Retail, "zh") => "从广告点击到支付成功，哪一步流失的客人最多？",
        (Retail, "en") => "Which channel converts best?",
        _ => throw new ArgumentOutOfRangeException(nameof(company), $"{company}/{language}", "apparel or retail, zh or en"),
    };

    /// <summary>Every (company, language) pair with a golden question, for a test's <c>[MemberData]</c>.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { Apparel, "zh" },
        { Apparel, "en" },
        { Retail, "zh" },
        { Retail, "en" },
    };

    /// <summary>Builds <paramref name="company"/>'s store as <c>journey.duckdb</c> in <paramref name="folder"/>; returns its path.</summary>
    public static async Task<string> BuildAsync(string company, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "journey.duckdb");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Path"] = path,
                ["Store:SeedSample"] = company == Apparel ? "Always" : "Never",
            })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddJourneyStore(configuration, RepoPaths.Root).BuildServiceProvider();
        if (company == Apparel)
        {
            await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync();
            return path;
        }

        if (company != Retail)
        {
            throw new ArgumentOutOfRangeException(nameof(company), company, "apparel or retail");
        }

        var files = Path.Combine(folder, "retail-files");
        RetailSampleGenerator.Write(new SampleOptions(People: 2000, Seed: 42, EndDate: new DateOnly(2026, 11, 22)), files);
        var csv = Directory.EnumerateFiles(files, "*.csv").Order(StringComparer.Ordinal).ToList();
        await services.GetRequiredService<IngestionService>().IngestAsync(csv, null, null);
        return path;
    }
}
