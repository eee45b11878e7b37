namespace JourneyAssistant.Store.Ingestion;

/// <summary>Progress of an ingest: which file, which step. Reported synchronously, so a handler that throws aborts the file (its transaction rolls back).</summary>
public sealed record IngestProgress(string File, string Step);

/// <summary>How many rejected rows share one reason code, with one example reason.</summary>
public sealed record RejectionCount(string Code, string Example, long Count);

/// <summary>The outcome of one file. <see cref="Accepted"/> + <see cref="Duplicates"/> + <see cref="Rejected"/> = <see cref="InputRows"/>.</summary>
public sealed record IngestFileResult(
    string File,
    string Mapping,
    string Format,
    long BatchId,
    long InputRows,
    long Accepted,
    long Duplicates,
    long Rejected,
    bool AlreadyIngested,
    IReadOnlyList<RejectionCount> Rejections,
    TimeSpan Duration)
{
    /// <summary>Personal data screened out of extra columns and properties of the accepted rows (hashed and masked), by key.</summary>
    public IReadOnlyList<PiiScreened> Screened { get; init; } = [];

    /// <summary>Why a file was not (re-)read, e.g. a quarantine retry whose source file is gone; null when it was.</summary>
    public string? Note { get; init; }

    /// <summary>Accepted rows of this file carrying at least one name the dictionary does not know (a custom entry).</summary>
    public long UnmappedRows { get; init; }

    /// <summary>The names behind <see cref="UnmappedRows"/>, with their rows, most used first.</summary>
    public IReadOnlyList<UnmappedName> Unmapped { get; init; } = [];
}

/// <summary>A touchpoint, event or channel name that matched no id or alias, kept as its custom entry <see cref="Id"/>.</summary>
public sealed record UnmappedName(string Kind, string Id, string Name, long Rows);

/// <summary>How many accepted rows had personal data screened from one property key: <see cref="Kind"/> is the identifier type
/// of a whole value (phone, email, id_card, wechat_openid, wechat_unionid) or "text" for data masked inside a text.</summary>
public sealed record PiiScreened(string Key, string Kind, long Count);

/// <summary>An identifier that co-occurs with too many person-level values to be trusted for linking (masked).</summary>
public sealed record SharedIdentifier(string IdType, string Masked, int LinkedValues, long Events);

/// <summary>The outcome of identity stitching.</summary>
public sealed record StitchResult(long Persons, long Identities, int Iterations, IReadOnlyList<SharedIdentifier> Shared, TimeSpan Duration);

/// <summary>The outcome of ingesting a set of files and stitching identities.</summary>
public sealed record IngestReport(IReadOnlyList<IngestFileResult> Files, StitchResult Stitch, TimeSpan Duration)
{
    public long InputRows => Files.Sum(f => f.InputRows);

    public long Accepted => Files.Sum(f => f.Accepted);

    public long Duplicates => Files.Sum(f => f.Duplicates);

    public long Rejected => Files.Sum(f => f.Rejected);

    public long Persons => Stitch.Persons;

    /// <summary>Accepted rows carrying a name the dictionary does not know.</summary>
    public long UnmappedRows => Files.Sum(f => f.UnmappedRows);

    /// <summary>Unmapped names over all files, most used first.</summary>
    public IReadOnlyList<UnmappedName> TopUnmapped(int count = 10) => Files
        .SelectMany(f => f.Unmapped)
        .GroupBy(n => (n.Kind, n.Id))
        .Select(g => g.First() with { Rows = g.Sum(n => n.Rows) })
        .OrderByDescending(n => n.Rows)
        .ThenBy(n => n.Id, StringComparer.Ordinal)
        .Take(count)
        .ToList();

    /// <summary>Rejection reasons over all files, most frequent first.</summary>
    public IReadOnlyList<RejectionCount> TopRejections(int count = 5) => Files
        .SelectMany(f => f.Rejections)
        .GroupBy(r => r.Code)
        .Select(g => new RejectionCount(g.Key, g.First().Example, g.Sum(r => r.Count)))
        .OrderByDescending(r => r.Count)
        .ThenBy(r => r.Code, StringComparer.Ordinal)
        .Take(count)
        .ToList();
}
