namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>The host for browser tests: the real analyst on the default store (built from sample-data on first use).</summary>
public static class BrowserHost
{
    /// <summary>Debian's Chromium (no Playwright browser download is possible); override with JOURNEY_CHROMIUM.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("JOURNEY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public const string AuditKey = "e2e-audit-key";

    public static BotHostFactory Create() => new(new Dictionary<string, string?> { ["Audit:DevKey"] = AuditKey });
}
