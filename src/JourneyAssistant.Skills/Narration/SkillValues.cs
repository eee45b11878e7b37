using System.Globalization;

namespace JourneyAssistant.Skills.Narration;

/// <summary>Culture-free text of result values, as skill files write them (dates as YYYY-MM-DD, booleans as true/false).</summary>
public static class SkillValues
{
    public static string? Invariant(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
