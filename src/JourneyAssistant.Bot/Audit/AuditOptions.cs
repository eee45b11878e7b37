namespace JourneyAssistant.Bot.Audit;

/// <summary>Who may open /audit, bound from the "Audit" section. With nothing configured, nobody can.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Role claim that grants access when an authentication scheme in front of the host signs users in.</summary>
    public string AnalystRole { get; set; } = "analyst";

    /// <summary>Local/dev access key: send it once as ?key=… (or header X-Audit-Key) and a signed session cookie (not the key) keeps you in. Set it from the environment (Audit__DevKey).</summary>
    public string? DevKey { get; set; }

    /// <summary>How long the session cookie from the dev key lasts, in hours (0.1 … 168).</summary>
    public double SessionHours { get; set; } = 8;

    /// <summary>Let any request from loopback in (a single-user laptop). Off unless explicitly enabled.</summary>
    public bool AllowLoopback { get; set; }
}
