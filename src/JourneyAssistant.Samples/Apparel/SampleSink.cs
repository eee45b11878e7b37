using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

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
