using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts;

/// <summary>Turns a skill result into a chart image, picking the renderer from the skill's hint and the column roles.</summary>
public interface IJourneyCharts
{
    /// <summary>The chart kinds registered, in registration order.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>Renders <paramref name="result"/> as the hinted kind, or the fallback (bar for one dimension + one number, else a table).</summary>
    ChartImage Render(SkillResult result, Language language, string? title = null, string? kind = null);
}
