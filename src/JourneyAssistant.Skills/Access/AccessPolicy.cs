using JourneyAssistant.Store.Dictionary;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Skills.Access;

/// <summary>Maps a chat identity to the <see cref="DataScope"/> the executor enforces for it.</summary>
public interface IAccessPolicy
{
    DataScope ScopeFor(string user);
}

/// <summary>
/// The configured role map. Filters never widen by accident: the filters of all a user's roles apply together (each
/// narrows), a role with All = true adds none and lifts none of the others, and the user's own filters always apply on top. An unknown
/// user, or one whose roles are all undefined, gets the default (none or all). Channel values go through the
/// dictionary (门店 → store).
/// </summary>
public sealed class AccessPolicy(IOptionsMonitor<AccessOptions> options, IJourneyDictionary dictionary) : IAccessPolicy
{
    public DataScope ScopeFor(string user)
    {
        var access = options.CurrentValue;
        if (!access.Users.TryGetValue(user, out var entry))
        {
            return DefaultScope(access);
        }

        var roles = entry.Roles.Select(r => access.Roles.TryGetValue(r, out var role) ? role : null).OfType<AccessRole>().ToList();
        if (roles.Count == 0 && entry.Filters.Count == 0)
        {
            return DefaultScope(access);
        }

        // A full-access role adds no filter; it never lifts another role's (roles narrow, never widen).
        var filters = new List<RowFilter>();
        filters.AddRange(roles.Where(r => !r.All).SelectMany(r => r.Filters).Select(f => Filter(f.Key, f.Value)));

        filters.AddRange(entry.Filters.Select(f => Filter(f.Key, f.Value)));
        return DataScope.Restricted(filters);
    }

    private RowFilter Filter(string column, IEnumerable<string> values)
    {
        var key = column.Trim().ToLowerInvariant();
        var resolved = values.Select(v => key == "channel" ? dictionary.Resolve(DictionaryKind.Channel, v)?.Id ?? v.Trim() : v.Trim()).Distinct();
        return new RowFilter(key, [.. resolved]);
    }

    private static DataScope DefaultScope(AccessOptions access) =>
        string.Equals(access.Default, "none", StringComparison.OrdinalIgnoreCase) ? DataScope.None : DataScope.All;
}
