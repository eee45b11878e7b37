using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Charts.Tests;

/// <summary>Identical chart requests reuse the PNG; different content, language or size draw anew; the cache is bounded.</summary>
public sealed class ChartCacheTests
{
    private static (IJourneyCharts Charts, ChartCache Cache) Charts()
    {
        var cache = new ChartCache();
        var provider = new ServiceCollection()
            .AddSingleton<IJourneyDictionary>(JourneyDictionary.LoadEmbedded())
            .AddSingleton(cache)
            .AddJourneyCharts()
            .BuildServiceProvider();
        return (provider.GetRequiredService<IJourneyCharts>(), cache);
    }

    [Fact]
    public void Identical_request_returns_the_same_png_without_drawing_again()
    {
        var (charts, cache) = Charts();
        var first = charts.Render(SampleResults.Funnel(), Language.Zh);
        var second = charts.Render(SampleResults.Funnel(), Language.Zh);

        Assert.Same(first.Png, second.Png);
        Assert.Equal(1, cache.Count);
        PngAssert.IsChart(second);
    }

    [Fact]
    public void Other_language_content_or_kind_is_drawn_anew()
    {
        var (charts, cache) = Charts();
        var zh = charts.Render(SampleResults.ConversionByChannel(), Language.Zh);
        var en = charts.Render(SampleResults.ConversionByChannel(), Language.En);
        var changed = SampleResults.ConversionByChannel();
        changed = changed with { Rows = [.. changed.Rows.Select((r, i) => i == 0 ? new object?[] { r[0], 0.5 } : r)] };
        var other = charts.Render(changed, Language.Zh);
        var table = charts.Render(SampleResults.ConversionByChannel(), Language.Zh, kind: ChartKinds.Table);

        Assert.Equal(4, cache.Count);
        Assert.NotEqual(zh.Png, en.Png);
        Assert.NotEqual(zh.Png, other.Png);
        Assert.Equal(ChartKinds.Table, table.Kind);
    }

    [Fact]
    public void Keys_tell_value_types_apart()
    {
        var a = SampleResults.ConversionByChannel();
        var b = a with { Rows = [.. a.Rows.Select(r => new object?[] { r[0], r[1]!.ToString() })] };

        Assert.NotEqual(ChartCache.KeyFor(a, Language.Zh, null, null, 960, 540), ChartCache.KeyFor(b, Language.Zh, null, null, 960, 540));
        Assert.NotEqual(ChartCache.KeyFor(a, Language.Zh, null, null, 960, 540), ChartCache.KeyFor(a, Language.Zh, null, null, 1280, 720));
        Assert.Equal(ChartCache.KeyFor(a, Language.Zh, null, null, 960, 540), ChartCache.KeyFor(SampleResults.ConversionByChannel(), Language.Zh, null, null, 960, 540));
    }

    [Fact]
    public void Cache_is_bounded_and_drops_the_least_recently_used()
    {
        var cache = new ChartCache(maxEntries: 3);
        var draws = 0;
        ChartImage Draw(string key) => cache.GetOrRender(key, () =>
        {
            draws++;
            return new ChartImage("bar", key, [(byte)key[0]], 1, 1);
        });

        Draw("a");
        Draw("b");
        Draw("c");
        Draw("a"); // a is now the most recently used; b the least
        Draw("d");

        Assert.Equal(3, cache.Count);
        Assert.Equal(4, draws);
        Draw("a");
        Draw("c");
        Assert.Equal(4, draws);
        Draw("b");
        Assert.Equal(5, draws);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Zero_cache_entries_in_configuration_draws_every_time()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Charts:CacheEntries"] = "0" }).Build();
        var charts = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IJourneyDictionary>(JourneyDictionary.LoadEmbedded())
            .AddJourneyCharts()
            .BuildServiceProvider()
            .GetRequiredService<IJourneyCharts>();

        var first = charts.Render(SampleResults.Funnel(), Language.En);
        var second = charts.Render(SampleResults.Funnel(), Language.En);

        Assert.NotSame(first.Png, second.Png);
        Assert.Equal(first.Png, second.Png);
    }
}
