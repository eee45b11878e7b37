using System.Security.Cryptography;
using System.Text;
using JourneyAssistant.Charts;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Analyst.Composition;

/// <summary>The chart beside an answer: rendered when charts are on and the result has evidence, saved under a name its parameters decide.</summary>
internal sealed class AnswerCharts(IJourneyCharts? charts, bool renderCharts, string chartDirectory, ILogger logger)
{
    public string? Render(SkillResult result, Language language)
    {
        if (charts is null || !renderCharts || result.HasNoEvidence)
        {
            return null;
        }

        try
        {
            var image = charts.Render(result, language);
            var key = $"{result.SkillId}|{language}|{string.Join(",", result.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}";
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
            // "metric:revenue" → "metric-revenue": a colon is not a portable file-name character.
            return image.SaveAs(Path.Combine(chartDirectory, $"{result.SkillId.Replace(':', '-')}-{language.Code()}-{hash}.png"));
        }
        catch (Exception e)
        {
            // A chart is a nicety: the answer stands without it.
            logger.LogWarning(e, "Chart for {Skill} could not be rendered", result.SkillId);
            return null;
        }
    }
}
