using System.Diagnostics;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>The real bot executable (the build output beside the tests) run as its own process, as `dotnet run` would start it.</summary>
public static class BotProcess
{
    public sealed record Exit(int Code, string StdOut, string StdErr);

    /// <summary>Starts the bot with <paramref name="arguments"/> and <paramref name="environment"/>, and waits for it to exit by itself.</summary>
    public static async Task<Exit> RunToExitAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Testing.RepoPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JourneyAssistant.Bot.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["JOURNEY_HOME"] = Testing.RepoPaths.Root;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The bot did not exit within 2 minutes. Output: {await stdout} {await stderr}");
        }

        return new Exit(process.ExitCode, await stdout, await stderr);
    }
}
