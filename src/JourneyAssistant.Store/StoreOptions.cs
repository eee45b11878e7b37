using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Store;

/// <summary>Settings of the embedded touchpoint store, bound from the "Store" section.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>DuckDB file; relative paths are resolved against the content root.</summary>
    [Required]
    public string Path { get; set; } = DefaultPath;

    /// <summary>The embedded default store, relative to the content root: the one a fresh clone builds from the sample data.</summary>
    public const string DefaultPath = "data/journey.duckdb";

    /// <summary>IANA zone that defines every local day and ISO week in answers.</summary>
    [Required]
    public string ReportingTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Keyed-hash secret for identifiers. Empty: env JOURNEY_PII_KEY, else a key generated once beside the store file.</summary>
    public string? PiiKey { get; set; }

    /// <summary>
    /// How long a writer (an ingest) waits for another process's writer to finish before it gives up: two ingests at
    /// once run one after the other instead of the second failing. Readers wait 2 s, then answer from the last snapshot.
    /// </summary>
    [Range(0, 86_400)]
    public int WriterLockWaitSeconds { get; set; } = 600;

    /// <summary>Folder with raw exports and mappings that builds the default store on first use.</summary>
    public string SampleDataPath { get; set; } = "sample-data";

    /// <summary>
    /// Which missing store file is built from the sample data: by default only the embedded default (<see cref="DefaultPath"/>),
    /// so a store of a company's own starts empty instead of holding our sample's events beside theirs.
    /// </summary>
    public SampleSeeding SeedSample { get; set; } = SampleSeeding.DefaultStoreOnly;

    /// <summary>An identifier co-occurring with more than this many distinct values of one person-level identifier type is treated as shared and not linked.</summary>
    [Range(1, 10_000)]
    public int SharedIdentifierThreshold { get; set; } = 5;

    /// <summary>Zone assumed for naive timestamps when neither the row nor the mapping says otherwise.</summary>
    public string DefaultSourceTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>DuckDB memory limit for ingestion work.</summary>
    public string MemoryLimit { get; set; } = "2GB";

    /// <summary>
    /// Block memory DuckDB keeps mapped once used during ingestion, up to this size; "0B" hands every freed block back to the OS.
    /// Handing blocks back and faulting fresh pages in again cost a 10M-event ingest ~10 s of kernel time (see BENCHMARKS.md).
    /// </summary>
    public string BlockAllocatorMemory { get; set; } = "2GB";

    /// <summary>Dictionary YAML to use instead of the embedded Dictionary/dictionary.yaml (relative to the content root).</summary>
    public string? DictionaryPath { get; set; }

    /// <summary>The currency amounts are in and shown with (code + symbol); a mapping can declare its own per source.</summary>
    [Required]
    public CurrencyOptions Currency { get; set; } = new();

    /// <summary>
    /// Per-install extension of the dictionary (docs/DICTIONARY.md): a YAML file or a folder of them, relative to the content
    /// root; missing means none. Changes re-label the stored columns on the next write and reach running processes on next use.
    /// </summary>
    public string? DictionaryOverlayPath { get; set; } = "data/dictionary.local.yaml";

    /// <summary>The folder a running service (the bot) loads dropped files from (Store:Inbox).</summary>
    [Required]
    public Ingestion.Inbox.InboxOptions Inbox { get; set; } = new();

    /// <summary>DuckDB worker threads; 0 lets DuckDB use every core.</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>A copy of every setting with another store file (a copy, so a setting added later is never dropped).</summary>
    public StoreOptions WithPath(string path)
    {
        var copy = (StoreOptions)MemberwiseClone();
        copy.Path = path;
        return copy;
    }
}

/// <summary>When a missing store file is built from the sample data (<see cref="StoreOptions.SeedSample"/>).</summary>
public enum SampleSeeding
{
    /// <summary>Only the embedded default store (<see cref="StoreOptions.DefaultPath"/>); any other path starts empty.</summary>
    DefaultStoreOnly,

    /// <summary>Every missing store file (demos and tests on scratch paths).</summary>
    Always,

    /// <summary>Never: every store starts empty.</summary>
    Never,
}
