using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Analyst;

/// <summary>Settings of the analyst, bound from the "Analyst" section (env: JOURNEY__Analyst__...).</summary>
public sealed class AnalystOptions
{
    public const string SectionName = "Analyst";

    /// <summary>The chat model used for routing; none configured means the offline router alone (the default).</summary>
    public ModelOptions Model { get; set; } = new();

    /// <summary>Lets a configured model propose its own SELECT when no skill fits; off by default.</summary>
    public bool AllowGeneratedSql { get; set; }

    /// <summary>Minimum normalized router score to answer; below it the analyst suggests questions it can answer.</summary>
    [Range(0.0, 1.0)]
    public double ConfidenceThreshold { get; set; } = 0.25;

    /// <summary>Minimum share of a question's content words the skills' vocabulary must know before the router answers.</summary>
    [Range(0.0, 1.0)]
    public double MinCoverage { get; set; } = 0.6;

    /// <summary>Where chart PNGs are written; relative to the content root.</summary>
    public string ChartDirectory { get; set; } = "data/charts";

    /// <summary>Render a chart PNG for every answer.</summary>
    public bool RenderCharts { get; set; } = true;

    /// <summary>How long a conversation's last question is remembered for follow-ups.</summary>
    [Range(1, 24 * 60)]
    public int ConversationMinutes { get; set; } = 30;

    /// <summary>
    /// What relative periods ("上周", "last month", "最近7天") mean when the data ends before today: "data-end" (the
    /// default) counts them from the data's last day, so a stale export still answers; "clock" follows the calendar.
    /// An explicit as-of date always wins.
    /// </summary>
    [RegularExpression("^(data-end|clock)$", ErrorMessage = "Analyst:StaleDataPolicy must be data-end or clock.")]
    public string StaleDataPolicy { get; set; } = Periods.StaleDataPolicy.DataEnd;

    /// <summary>Most conversations remembered at once (oldest dropped first).</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 2_000;
}

/// <summary>Which chat model routes questions when one is configured. Keys come from configuration or the environment, never the repo.</summary>
public sealed class ModelOptions
{
    /// <summary>"none" (offline only), "azure" (Azure OpenAI) or "openai" (any OpenAI-compatible endpoint: Qwen, DeepSeek, Ollama …).</summary>
    public string Provider { get; set; } = "none";

    /// <summary>Azure endpoint, or the base URL of an OpenAI-compatible server (e.g. http://localhost:11434/v1).</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key; env JOURNEY__Analyst__Model__ApiKey. Optional for local servers.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model name, or the Azure deployment name.</summary>
    public string? Name { get; set; }

    /// <summary>Time budget for one model round trip before the offline router answers instead.</summary>
    [Range(0.05, 120)]
    public double TimeoutSeconds { get; set; } = 8;

    /// <summary>True when a model is configured.</summary>
    public bool IsConfigured => Provider is "azure" or "openai" && !string.IsNullOrWhiteSpace(Name) && !string.IsNullOrWhiteSpace(Endpoint);
}
