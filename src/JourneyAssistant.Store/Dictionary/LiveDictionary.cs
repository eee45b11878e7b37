using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Dictionary;

/// <summary>
/// The dictionary in force: the built-in one (or <see cref="StoreOptions.DictionaryPath"/>) extended by the overlay at
/// <see cref="StoreOptions.DictionaryOverlayPath"/>. The overlay is re-read when its files change (checked on each use, a few
/// file stats), so a running bot picks an edit up on its next question; a broken overlay is refused and the previous stays.
/// </summary>
public sealed class LiveDictionary : IJourneyDictionary
{
    private readonly JourneyDictionary _builtIn;
    private readonly string? _overlayPath;
    private readonly Lock _gate = new();
    private JourneyDictionary _current;
    private string _fingerprint;

    public LiveDictionary(JourneyDictionary builtIn, string? overlayPath)
    {
        _builtIn = builtIn;
        _overlayPath = string.IsNullOrWhiteSpace(overlayPath) ? null : overlayPath;
        _current = builtIn;
        _fingerprint = "";
        Refresh();
    }

    /// <summary>Absolute overlay path (file or folder), or null when none is configured.</summary>
    public string? OverlayPath => _overlayPath;

    /// <summary>Why the overlay on disk was refused (<c>file:line: problem</c>), or null when it is in force.</summary>
    public string? Error { get; private set; }

    /// <summary>The dictionary in force, after re-reading a changed overlay.</summary>
    public JourneyDictionary Current
    {
        get
        {
            if (_overlayPath is not null && Fingerprint() != _fingerprint)
            {
                Refresh();
            }

            return _current;
        }
    }

    /// <summary>Re-reads the overlay now; returns the refusal (<c>file:line: problem</c>) or null when it is in force.</summary>
    public string? Refresh()
    {
        lock (_gate)
        {
            var fingerprint = Fingerprint();
            try
            {
                _current = _builtIn.WithOverlay(DictionaryOverlay.Load(_overlayPath));
                Error = null;
            }
            catch (DictionaryOverlayException e)
            {
                // The previous dictionary stays in force; the fingerprint is taken so the refusal is not retried on every use.
                Error = e.Message;
            }
            catch (IOException e)
            {
                Error = $"{_overlayPath}: {e.Message}";
            }

            _fingerprint = fingerprint;
            return Error;
        }
    }

    /// <summary>Why the built-in dictionary would refuse the overlay with <paramref name="file"/> holding <paramref name="text"/>; null when it would take it.</summary>
    public string? Check(string file, string text)
    {
        try
        {
            _builtIn.WithOverlay(DictionaryOverlay.LoadWith(_overlayPath, file, text));
            return null;
        }
        catch (DictionaryOverlayException e)
        {
            return e.Message;
        }
        catch (IOException e)
        {
            return $"{_overlayPath}: {e.Message}";
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<DictionaryEntry> Entries(string kind) => Current.Entries(kind);

    /// <inheritdoc />
    public DictionaryEntry? Resolve(string kind, string text) => Current.Resolve(kind, text);

    /// <inheritdoc />
    public string Label(string kind, string id, Language language) => Current.Label(kind, id, language);

    private string Fingerprint() => string.Join("|", DictionaryOverlay.Files(_overlayPath).Select(f =>
    {
        var info = new FileInfo(f);
        return info.Exists ? $"{f}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : f;
    }));
}
