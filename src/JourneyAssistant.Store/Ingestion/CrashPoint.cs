using System.Diagnostics;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// Diagnostic hook for crash tests: with JOURNEY_TEST_CRASH_AT=&lt;step&gt; (or &lt;step&gt;#&lt;n&gt; for its n-th time) the process
/// kills itself (SIGKILL, no clean-up, like kill -9) when ingest reaches that step. Unset, it costs one null check.
/// </summary>
internal static class CrashPoint
{
    public const string EnvironmentVariable = "JOURNEY_TEST_CRASH_AT";

    private static readonly (string Step, int Occurrence)? _target = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
    private static int _seen;

    /// <summary>Called as ingest reaches <paramref name="step"/> (the step names of <see cref="IngestProgress"/>).</summary>
    public static void Reach(string step)
    {
        if (_target is not { } target || !string.Equals(step, target.Step, StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Increment(ref _seen) == target.Occurrence)
        {
            Process.GetCurrentProcess().Kill();
            Environment.FailFast($"{EnvironmentVariable}: {step}");
        }
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var hash = value.LastIndexOf('#');
        return hash > 0 && int.TryParse(value[(hash + 1)..], out var n) ? (value[..hash].Trim(), n) : (value.Trim(), 1);
    }
}
