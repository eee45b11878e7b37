using System.ComponentModel.DataAnnotations;
using JourneyAssistant.Skills.Execution;

namespace JourneyAssistant.Skills.Hosting;

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

    /// <summary>Largest result kept, in megabytes of its values; a bigger result is refused with "add filters" (issue 21: a 200 MB string crashed the CLI).</summary>
    [Range(1, 4096)]
    public int MaxResultMegabytes { get; set; } = 64;

    /// <summary>Most rows a join without a usable condition (cross product, nested loop) may be estimated to produce before it is refused.</summary>
    [Range(1, long.MaxValue)]
    public long MaxJoinRows { get; set; } = 1_000_000_000;

    /// <summary>DuckDB max_temp_directory_size of the analysis connection: how much a query may spill to disk before it fails.</summary>
    [Required]
    public string MaxTempDirectorySize { get; set; } = "2GB";

    /// <summary>DuckDB memory limit of the analysis connection.</summary>
    [Required]
    public string MemoryLimit { get; set; } = "2GB";

    /// <summary>
    /// Block memory the analysis database keeps mapped once used, up to this size; "0B" hands freed blocks back to the OS.
    /// Re-faulting them cost the funnel and conversion skills ~10 % on a 10M-event store (see BENCHMARKS.md).
    /// </summary>
    [Required]
    public string BlockAllocatorMemory { get; set; } = "2GB";

    /// <summary>DuckDB threads of the analysis connection; 0 = DuckDB's default (all cores).</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>Seconds between full rescans of the skills folder, a fallback for missed file-system events.</summary>
    [Range(1, 3600)]
    public int RescanSeconds { get; set; } = 30;

    /// <summary>Reuse of identical results (same SQL, values, scope and store version); bound from "Skills:ResultCache".</summary>
    public ResultCacheOptions ResultCache { get; set; } = new();
}

/// <summary>Settings of the executor's result cache: identical executions within the time to live share one result.</summary>
public sealed class ResultCacheOptions
{
    /// <summary>Off runs every execution against the store.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most results kept; the least recently used go first.</summary>
    [Range(1, 100_000)]
    public int MaxEntries { get; set; } = 256;

    /// <summary>How long a result is reused at most, even when the store has not changed.</summary>
    [Range(1, 86_400)]
    public int TimeToLiveSeconds { get; set; } = 300;

    /// <summary>How often the store file's version (size and write time, of the file and its WAL) is looked at; a change empties the cache's reach.</summary>
    [Range(0, 3600)]
    public int DataVersionCheckSeconds { get; set; } = 2;
}
