using System.Text;

namespace JourneyAssistant.Samples.Simulation;

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
