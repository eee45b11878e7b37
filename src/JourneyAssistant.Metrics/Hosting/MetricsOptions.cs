using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Metrics.Hosting;

/// <summary>Settings of the metric layer, bound from the "Metrics" section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Folder of metric files and dimensions.yaml; relative to the content root.</summary>
    [Required]
    public string Path { get; set; } = "metrics";

    /// <summary>Off turns the metric layer off: every question goes to the skills, as before the layer existed.</summary>
    public bool Enabled { get; set; } = true;
}
