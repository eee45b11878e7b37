namespace JourneyAssistant.Bot.Audit;

/// <summary>Who may open /audit, bound from the "Audit" section. With nothing configured, nobody can.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Role claim that grants access when an authentication scheme in front of the host signs users in.</summary>
    public string AnalystRole { get; set; } = "analyst";

    /// <summary>Local/dev access key: send it once as ?key=… (or header X-Audit-Key) and a cookie keeps it. Set it from the environment (Audit__DevKey).</summary>
    public string? DevKey { get; set; }

    /// <summary>Let any request from loopback in (a single-user laptop). Off unless explicitly enabled.</summary>
    public bool AllowLoopback { get; set; }
}
