using System.Diagnostics;
using System.Text;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Cli.Tests;

/// <summary>Runs the real `journey` binary (the referenced CLI's journey.dll) as a child process against a scratch store.</summary>
public sealed class JourneyProcess
{
    private readonly IReadOnlyDictionary<string, string> _environment;

    public JourneyProcess(string scratch)
    {
        Scratch = scratch;
        _environment = new Dictionary<string, string>
        {
            ["JOURNEY_HOME"] = RepoPaths.Root,
            ["JOURNEY__Store__Path"] = Path.Combine(scratch, "journey.duckdb"), // == StorePath
            ["JOURNEY__Store__SeedSample"] = "Always", // a scratch copy of the embedded default
            ["JOURNEY__Skills__AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
            ["JOURNEY__Analyst__ChartDirectory"] = Path.Combine(scratch, "charts"),
            ["JOURNEY_PII_KEY"] = "cli-tests-pii-key-not-a-secret",
        };
    }

    /// <summary>Folder holding this process's store, audit log and charts.</summary>
    public string Scratch { get; }

    /// <summary>The scratch store file every command uses (JOURNEY__Store__Path).</summary>
    public string StorePath => Path.Combine(Scratch, "journey.duckdb");

    public sealed record Outcome(int ExitCode, string StdOut, string StdErr);

    public Task<Outcome> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (diagnostic hooks such as JOURNEY_TEST_CRASH_AT).</summary>
    public async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "journey.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Scratch,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
