using System.Collections.Concurrent;

namespace JourneyAssistant.Bot.Cards;

/// <summary>
/// Chart PNGs the bot has shown, served at /charts/{id}.png. Only registered files are served (no path from the
/// request ever reaches the file system), and the registry is bounded.
/// </summary>
public sealed class ChartImages
{
    private const int Capacity = 20_000;
    private readonly ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Registers a chart file and returns its id, or null when there is no such file.</summary>
    public string? Register(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return null;
        }

        var id = Guid.NewGuid().ToString("N");
        _paths[id] = Path.GetFullPath(path);
        _order.Enqueue(id);
        while (_order.Count > Capacity && _order.TryDequeue(out var old))
        {
            _paths.TryRemove(old, out _);
        }

        return id;
    }

    /// <summary>The file behind an id, if it is still registered and present.</summary>
    public string? Find(string id) => _paths.TryGetValue(id, out var path) && File.Exists(path) ? path : null;

    /// <summary>A data: URI for a small PNG (Teams needs no public host then), or null when the file is larger than <paramref name="maxBytes"/>.</summary>
    public static string? Inline(string? path, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path) || new FileInfo(path).Length > maxBytes)
        {
            return null;
        }

        return "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(path));
    }

    /// <summary>Resolves the image URL for a card: absolute URL under <paramref name="baseUrl"/> when there is one, else inlined when small.</summary>
    public string? Link(string? path, string? baseUrl, int maxInlineBytes)
    {
        if (!string.IsNullOrWhiteSpace(baseUrl) && Register(path) is { } id)
        {
            return $"{baseUrl.TrimEnd('/')}/charts/{id}.png";
        }

        return Inline(path, maxInlineBytes);
    }
}
