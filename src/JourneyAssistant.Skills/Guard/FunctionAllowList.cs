using System.Collections.Frozen;

namespace JourneyAssistant.Skills.Guard;

/// <summary>
/// The functions a query may call, read from the reviewed list in allowed-functions.txt (issue 21: functions by
/// allow-list, not by deny-list, so a function DuckDB adds later is refused until someone reviews it). Both gates and
/// <c>journey skills validate</c> use this one list.
/// </summary>
public static class FunctionAllowList
{
    private const string ResourceName = "JourneyAssistant.Skills.Guard.allowed-functions.txt";

    /// <summary>Allowed function names, compared without case as DuckDB does.</summary>
    public static FrozenSet<string> Names { get; } = Load();

    /// <summary>True when <paramref name="name"/> may be called.</summary>
    public static bool Allows(string name) => Names.Contains(name);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(FunctionAllowList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded function allow-list {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var name = line.Split('#')[0].Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
