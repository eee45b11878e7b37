using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Skills;

/// <summary>Settings of the skill catalog and the guarded executor, bound from the "Skills" section.</summary>
public sealed class SkillsOptions
{
    public const string SectionName = "Skills";

    /// <summary>Folder of skill files; relative to the content root.</summary>
    [Required]
    public string Path { get; set; } = "skills";

    /// <summary>Separate DuckDB file for the audit log; relative to the content root. The guarded connection cannot see it.</summary>
    [Required]
    public string AuditPath { get; set; } = "data/audit.duckdb";

    /// <summary>Longest a query may run before it is interrupted.</summary>
    [Range(1, 3600)]
    public int QueryTimeoutSeconds { get; set; } = 10;

    /// <summary>Most rows a result keeps; more sets the truncation flag.</summary>
    [Range(1, 1_000_000)]
    public int RowLimit { get; set; } = 10_000;

    /// <summary>DuckDB memory limit of the analysis connection.</summary>
    [Required]
    public string MemoryLimit { get; set; } = "2GB";

    /// <summary>DuckDB threads of the analysis connection; 0 = DuckDB's default (all cores).</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>Seconds between full rescans of the skills folder, a fallback for missed file-system events.</summary>
    [Range(1, 3600)]
    public int RescanSeconds { get; set; } = 30;
}
