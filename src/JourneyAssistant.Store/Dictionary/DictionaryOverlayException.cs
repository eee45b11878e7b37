namespace JourneyAssistant.Store.Dictionary;

/// <summary>An overlay file that cannot be applied; the message starts with <c>file:line:</c>.</summary>
public sealed class DictionaryOverlayException(string file, int line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
