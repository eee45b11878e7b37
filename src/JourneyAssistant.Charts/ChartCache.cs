using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts;

/// <summary>
/// Bounded memory of rendered charts: the same result content, language, kind, title and size give back the same
/// PNG without drawing again. Least recently used images go first when full.
/// </summary>
public sealed class ChartCache(int maxEntries = ChartCache.DefaultEntries)
{
    /// <summary>Default bound: enough for every skill in both languages with a few period variants.</summary>
    public const int DefaultEntries = 128;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, ChartImage Image)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, ChartImage Image)> _recency = new();

    /// <summary>The bound; 0 or less means no caching (the chooser then draws every time).</summary>
    public int MaxEntries => maxEntries;

    /// <summary>Images held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The image for <paramref name="key"/>, drawn by <paramref name="render"/> only when not held already.</summary>
    public ChartImage GetOrRender(string key, Func<ChartImage> render)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Image;
            }
        }

        // Drawn outside the lock: rendering takes tens of milliseconds and other charts need not wait for it.
        var image = render();
        lock (_gate)
        {
            if (_entries.Remove(key, out var raced))
            {
                _recency.Remove(raced);
            }

            _entries[key] = _recency.AddFirst((key, image));
            while (_entries.Count > Math.Max(1, maxEntries) && _recency.Last is { } last)
            {
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }

        return image;
    }

    /// <summary>
    /// A SHA-256 over everything a renderer may look at: the result's title, chart hint, columns, rows (values with
    /// their types) and parameters, plus the language, explicit title, requested kind and pixel size.
    /// </summary>
    public static string KeyFor(SkillResult result, Language language, string? title, string? kind, int width, int height)
    {
        var text = new StringBuilder();
        void Part(object? value) => text.Append(Text(value)).Append('\u001f');

        Part(result.SkillId);
        Part(result.SkillVersion);
        Part(result.Title.Zh);
        Part(result.Title.En);
        Part(result.Chart.ToString());
        Part(result.Truncated);
        Part(language.ToString());
        Part(title ?? "\u0000");
        Part(kind ?? "\u0000");
        Part(width);
        Part(height);
        foreach (var column in result.Columns)
        {
            Part($"{column.Name}|{column.Role}|{column.Label.Zh}|{column.Label.En}|{column.Dictionary}|{column.Unit}");
        }

        text.Append('\u001e');
        foreach (var row in result.Rows)
        {
            foreach (var value in row)
            {
                Part(value);
            }

            text.Append('\u001e');
        }

        foreach (var (name, value) in result.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Part(name);
            Part(value);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A value with its type, so 1 (long), 1.0 (double) and "1" (string) are told apart.</summary>
    private static string Text(object? value) => value switch
    {
        null => "n:",
        string s => "s:" + s,
        DateTime d => "t:" + d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => "d:" + d.ToString("O", CultureInfo.InvariantCulture),
        double d => "f:" + d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };
}
