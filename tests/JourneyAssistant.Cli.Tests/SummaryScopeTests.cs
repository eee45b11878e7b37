using System.Text.Json;

namespace JourneyAssistant.Cli.Tests;

/// <summary>
/// Issue 21 item 7: `journey summary` under Access:Default = none printed full data while `ask` for the same user was
/// denied. The summary now runs under the asking user's scope: denied is refused, restricted is filtered and says so.
/// </summary>
public sealed class SummaryScopeTests(CliStoreFixture store) : IClassFixture<CliStoreFixture>
{
    private static readonly Dictionary<string, string> NoneByDefault = new()
    {
        ["JOURNEY__Access__Default"] = "none",
        ["JOURNEY__Access__Users__east__Filters__region__0"] = "华东",
    };

    [Fact]
    public async Task A_user_without_access_gets_no_summary_and_the_same_refusal_as_ask()
    {
        var summary = await store.Journey.RunAsync(NoneByDefault, "summary", "--as-of", "2026-11-23", "--user", "stranger", "--json");
        var ask = await store.Journey.RunAsync(NoneByDefault, "ask", "哪个渠道转化率最高？", "--as-of", "2026-11-23", "--user", "stranger", "--json");

        Assert.NotEqual(0, summary.ExitCode);
        Assert.Contains("stranger", summary.StdErr);
        Assert.Contains("没有数据访问权限", summary.StdErr);
        Assert.DoesNotContain("kpis", summary.StdOut);
        Assert.Contains("没有数据访问权限", JsonDocument.Parse(ask.StdOut).RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_restricted_user_gets_a_smaller_summary_that_names_its_scope()
    {
        var everyone = await store.Journey.RunAsync("summary", "--as-of", "2026-11-23", "--json");
        var east = await store.Journey.RunAsync(NoneByDefault, "summary", "--as-of", "2026-11-23", "--user", "east", "--json");
        Assert.True(everyone.ExitCode == 0, everyone.StdErr);
        Assert.True(east.ExitCode == 0, east.StdErr);

        var all = JsonDocument.Parse(everyone.StdOut).RootElement;
        var scoped = JsonDocument.Parse(east.StdOut).RootElement;
        Assert.Equal("all", all.GetProperty("data_scope").GetString());
        Assert.Contains("华东", scoped.GetProperty("data_scope").GetString());
        Assert.Contains(scoped.GetProperty("caveats").EnumerateArray(), c => c.GetString()!.Contains("华东"));
        Assert.NotEqual(all.GetProperty("headline").GetString(), scoped.GetProperty("headline").GetString());

        // 华东's week holds 44 survey responses, spread too thin to list any touchpoint: never "only 0 responses".
        var caveats = scoped.GetProperty("caveats").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.DoesNotContain(caveats, c => c.Contains("只有 0 份回复", StringComparison.Ordinal));
        Assert.Contains(caveats, c => c.Contains("未按触点拆分", StringComparison.Ordinal));
    }
}
