using JourneyAssistant.Store.Ingestion;

namespace JourneyAssistant.Cli.Commands;

/// <summary>Ingest progress shown as one line per step; reports synchronously (Progress&lt;T&gt; would post to a thread pool and lag behind the work).</summary>
internal sealed class StatusProgress(Action<string> show) : IProgress<IngestProgress>
{
    public void Report(IngestProgress value) =>
        show(string.IsNullOrEmpty(value.File) ? value.Step : $"{Path.GetFileName(value.File)}: {value.Step}");
}
