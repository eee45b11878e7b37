using System.Text;

namespace JourneyAssistant.Store.Sample;

/// <summary>How a bad row is broken; each maps to one quarantine reason.</summary>
internal enum RowDefect : byte
{
    None,
    BadTimestamp,
    UnknownStage,
    InvalidJson,
    MissingEvent,
    UnknownEvent,
}

/// <summary>One output file with its counters.</summary>
internal sealed class SinkFile : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public SinkFile(string path, string source)
    {
        Path = path;
        Source = source;
        Writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20), Utf8NoBom, 1 << 16)
        {
            NewLine = "\n",
        };
    }

    public string Path { get; }
    public string Source { get; }
    public StreamWriter Writer { get; }
    public long Rows;
    public long Events;
    public long Duplicates;
    public long Bad;
    public ulong IdKey;
    public long IdCounter;

    public SampleFileStats Stats() => new(Path, Source, Rows, Events, Duplicates, Bad, new FileInfo(Path).Length);

    public void Dispose() => Writer.Dispose();
}

/// <summary>Turns simulated events into rows of one output format.</summary>
internal abstract class SampleSink : IDisposable
{
    protected readonly LineBuilder Line = new();
    protected readonly SampleIdentity Ids;
    private readonly SinkFile?[] _files = new SinkFile?[8];

    protected SampleSink(ulong seed)
    {
        Ids = new SampleIdentity(seed);
    }

    public IEnumerable<SinkFile> Files => _files.Where(f => f is not null)!;

    /// <summary>Which defects this source can carry without colliding with the dedup key of a valid row.</summary>
    public abstract bool Supports(SampleSource source, RowDefect defect);

    /// <summary>Next unique event id of a source (a bijection of a counter, so never repeated).</summary>
    public ulong NextId(SampleSource source)
    {
        var f = File(source);
        return SampleRandom.Mix(f.IdKey + (ulong)f.IdCounter++);
    }

    /// <summary>Writes one row: a valid event (defect None) or a deliberately broken one.</summary>
    public void Write(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        var f = File(e.Source);
        Line.Clear();
        Format(in e, p, id, defect);
        Line.Add('\n');
        Line.WriteTo(f.Writer);
        f.Rows++;
    }

    protected abstract void Format(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect);

    protected void Open(SampleSource source, string path, string sourceName, string? header, ulong seed)
    {
        var f = new SinkFile(path, sourceName) { IdKey = SampleRandom.Mix(seed ^ (0x5EED0000UL + (ulong)source)) };
        if (header is not null)
        {
            f.Writer.Write(header);
            f.Writer.Write('\n');
        }

        _files[(int)source] = f;
    }

    public SinkFile File(SampleSource source) => _files[(int)source] ?? throw new InvalidOperationException($"no file for {source}");

    public void Dispose()
    {
        foreach (var f in _files)
        {
            f?.Dispose();
        }
    }
}
