namespace JourneyAssistant.Skills.Access;

/// <summary>Per-user data access, bound from the "Access" section: roles with row filters, and who holds which role.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>What a user with no entry (and no role) gets: "all" (every row) or "none" (no data).</summary>
    public string Default { get; set; } = "all";

    /// <summary>Roles by name; a role carries row filters (column → allowed values, e.g. region → [华东]).</summary>
    public Dictionary<string, AccessRole> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users by chat identity (Teams AAD object id, WeCom userid, CLI user name).</summary>
    public Dictionary<string, AccessUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A named role: row filters, or unrestricted when <see cref="All"/> is true.</summary>
public sealed class AccessRole
{
    public bool All { get; set; }

    public Dictionary<string, List<string>> Filters { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One user's roles, plus filters of their own.</summary>
public sealed class AccessUser
{
    public List<string> Roles { get; set; } = [];

    public Dictionary<string, List<string>> Filters { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
