using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Results;

namespace JourneyAssistant.Skills.Execution;

/// <summary>
/// Bounded, time-limited store of shaped results keyed by everything that decides a result (see
/// <see cref="ResultCacheKey"/>), plus the executions in flight so identical concurrent requests share one run.
/// Least recently used entries go first when full; expired entries are dropped on read.
/// </summary>
internal sealed class ResultCache(int maxEntries, TimeSpan timeToLive, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly ConcurrentDictionary<string, Task<SkillResult>> _flights = new(StringComparer.Ordinal);

    /// <summary>Entries held now (expired ones included until read or evicted).</summary>
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

    /// <summary>The live result stored under <paramref name="key"/>, if any; marks it recently used.</summary>
    public bool TryGet(string key, out SkillResult result)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (time.GetUtcNow() < node.Value.Expires)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    result = node.Value.Result;
                    return true;
                }

                _recency.Remove(node);
                _entries.Remove(key);
            }
        }

        result = null!;
        return false;
    }

    /// <summary>Stores <paramref name="result"/> under <paramref name="key"/>, evicting the least recently used beyond the bound.</summary>
    public void Set(string key, SkillResult result)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                _recency.Remove(old);
            }

            _entries[key] = _recency.AddFirst(new Entry(key, result, time.GetUtcNow() + timeToLive));
            while (_entries.Count > maxEntries && _recency.Last is { } last)
            {
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    /// <summary>Registers <paramref name="flight"/> as the execution for <paramref name="key"/>, or returns the one already running.</summary>
    public Task<SkillResult> JoinOrLead(string key, Task<SkillResult> flight) => _flights.GetOrAdd(key, flight);

    /// <summary>Forgets the finished <paramref name="flight"/> (only if it is still the registered one).</summary>
    public void Land(string key, Task<SkillResult> flight) => _flights.TryRemove(KeyValuePair.Create(key, flight));

    private sealed record Entry(string Key, SkillResult Result, DateTimeOffset Expires);
}

/// <summary>
/// The cache key of an execution: a SHA-256 over what the query text, the bound values, the data scope, the
/// reference date, the row limit and the store's data version. Leaving any of them out could serve a result
/// computed for someone or something else, so all of them go in.
/// </summary>
internal static class ResultCacheKey
{
    public static string For(SkillDefinition skill, string boundJson, DateOnly asOf, DataScope scope, int rowLimit, string dataVersion)
    {
        var columns = string.Join("|", skill.Columns.Select(c => $"{c.Name}:{c.Role}:{c.Dictionary}:{c.Unit}:{c.Label.Zh}:{c.Label.En}"));
        return Hash("skill", skill.Id, skill.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), skill.Sql, skill.Transform ?? "",
            skill.Title.Zh, skill.Title.En, skill.Chart.ToString(), columns, boundJson, asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Scope(scope), rowLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), dataVersion);
    }

    public static string ForAdhoc(string sql, DataScope scope, int rowLimit, string dataVersion) =>
        Hash("adhoc", sql, Scope(scope), rowLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), dataVersion);

    /// <summary>The scope as JSON (not <see cref="DataScope.Describe"/>, whose ", " join could make two scopes look alike).</summary>
    private static string Scope(DataScope scope) =>
        JsonSerializer.Serialize(new { denied = scope.IsDenied, filters = scope.Filters.Select(f => new { column = f.Column, values = f.Values }) });

    private static string Hash(params string[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            // Length-prefixed, so no two different part lists produce the same text.
            text.Append(part.Length).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
