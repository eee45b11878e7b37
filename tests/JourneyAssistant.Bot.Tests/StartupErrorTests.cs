using System.Net;
using System.Net.Sockets;
using JourneyAssistant.Bot.Tests.Infrastructure;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>A start that cannot succeed ends with one line naming the setting and the fix, a failing exit code, and no stack trace (the real bot process).</summary>
public sealed class StartupErrorTests
{
    [Fact]
    public async Task Busy_port_gives_one_line_with_the_urls_fix_and_a_failing_exit_code()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var exit = await BotProcess.RunToExitAsync(["--urls", $"http://127.0.0.1:{port}"], QuietStore("busy-port"));

        var line = AssertOneLine(exit);
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains($"--urls http://localhost:{port + 1}", line);
        Assert.Contains("端口", line);
    }

    [Fact]
    public async Task Bad_setting_gives_one_line_naming_the_setting_and_its_environment_variable()
    {
        var settings = QuietStore("bad-setting");
        settings["JOURNEY__Bot__Workers"] = "0";

        var exit = await BotProcess.RunToExitAsync(["--urls", "http://127.0.0.1:0"], settings);

        var line = AssertOneLine(exit);
        Assert.Contains("Bot:Workers", line);
        Assert.Contains("JOURNEY__Bot__Workers", line);
    }

    [Fact]
    public async Task Unreadable_store_gives_one_line_naming_store_path()
    {
        var scratch = RepoPaths.NewScratchFolder("bad-store");
        var garbage = Path.Combine(scratch, "journey.duckdb");
        await File.WriteAllTextAsync(garbage, "this is a spreadsheet export, not a DuckDB database\n");

        var exit = await BotProcess.RunToExitAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
        {
            ["JOURNEY__Store__Path"] = garbage,
            ["JOURNEY__Skills__AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
        });

        var line = AssertOneLine(exit);
        Assert.Contains("Store:Path", line);
        Assert.Contains(garbage, line);
        Assert.Contains("JOURNEY__Store__Path", line);
    }

    private static Dictionary<string, string> QuietStore(string purpose)
    {
        var scratch = RepoPaths.NewScratchFolder(purpose);
        return new Dictionary<string, string>
        {
            ["JOURNEY__Bot__WarmUpStore"] = "false",
            ["JOURNEY__Store__Path"] = Path.Combine(scratch, "journey.duckdb"),
            ["JOURNEY__Skills__AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
        };
    }

    /// <summary>The process failed, said so in exactly one line on stderr, and printed no stack trace anywhere.</summary>
    private static string AssertOneLine(BotProcess.Exit exit)
    {
        Assert.NotEqual(0, exit.Code);
        var lines = exit.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{exit.StdErr}");
        Assert.DoesNotContain("   at ", exit.StdOut + exit.StdErr);
        Assert.DoesNotContain("Exception", exit.StdOut + exit.StdErr);
        return lines[0];
    }
}
