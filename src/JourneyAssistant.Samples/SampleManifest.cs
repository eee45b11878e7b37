using JourneyAssistant.Samples.Apparel;

namespace JourneyAssistant.Samples;

/// <summary>What one generator run wrote: files, mappings and the row counts an ingest must reproduce.</summary>
/// <param name="Files">Data files (absolute paths), in a stable order.</param>
/// <param name="Mappings">Mapping files (absolute paths) for the raw exports; empty in canonical mode.</param>
/// <param name="Events">Distinct valid events written: what an ingest must accept.</param>
/// <param name="NoiseRows">Duplicate plus bad rows written on top of <paramref name="Events"/>.</param>
public sealed record SampleManifest(IReadOnlyList<string> Files, IReadOnlyList<string> Mappings, long Events, long NoiseRows)
{
    /// <summary>Exact re-sent copies of a valid row: an ingest counts them as duplicates.</summary>
    public long DuplicateRows { get; init; }

    /// <summary>Rows an ingest must reject (bad timestamp, unknown stage or event, invalid JSON, missing event).</summary>
    public long BadRows { get; init; }

    /// <summary>Data rows written (header lines excluded): Events + NoiseRows.</summary>
    public long Rows => Events + NoiseRows;

    /// <summary>People simulated.</summary>
    public int People { get; init; }

    /// <summary>Per-file counts, same order as <see cref="Files"/>.</summary>
    public IReadOnlyList<SampleFileStats> FileStats { get; init; } = [];

    /// <summary>Ground truth of the simulation (buyers, repeat buyers, payment reach), independent of any stitching.</summary>
    public SampleTruth Truth { get; init; } = new();

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>Counts for one generated file.</summary>
public sealed record SampleFileStats(string Path, string Source, long Rows, long Events, long DuplicateRows, long BadRows, long Bytes);
