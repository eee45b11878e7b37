using System.Globalization;
using JourneyAssistant.Skills.Results;

namespace JourneyAssistant.Skills.Transforms;

/// <summary>
/// The `markov_removal` transform: reads journey paths (`path` of channel ids joined by '>', `journeys`, `conversions`,
/// optional `revenue`) and returns one row per channel in the skill's declared columns (channel, removal_effect, share,
/// conversions, revenue, last_touch_conversions — any subset, in any order).
/// </summary>
public sealed class MarkovRemovalTransform : ISkillTransform
{
    /// <summary>Separator between channel ids in the SQL's `path` column.</summary>
    public const char PathSeparator = '>';

    public string Name => "markov_removal";

    public SkillResult Apply(SkillResult raw, SkillTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(context);
        var pathColumn = Require(raw, "path");
        var journeysColumn = Require(raw, "journeys");
        var conversionsColumn = Require(raw, "conversions");
        var revenueColumn = raw.IndexOf("revenue");

        var paths = new List<JourneyPath>(raw.Rows.Count);
        foreach (var row in raw.Rows)
        {
            if (row[pathColumn] is not string text || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var channels = text.Split(PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            paths.Add(new JourneyPath(
                channels,
                Convert.ToInt64(row[journeysColumn], CultureInfo.InvariantCulture),
                Convert.ToInt64(row[conversionsColumn], CultureInfo.InvariantCulture),
                revenueColumn >= 0 && row[revenueColumn] is { } revenue ? Convert.ToDouble(revenue, CultureInfo.InvariantCulture) : 0));
        }

        var model = MarkovAttribution.Compute(paths);
        var columns = context.Skill.Columns;
        var rows = model.Credits
            .Select(credit => columns.Select(column => Value(credit, column.Name)).ToArray())
            .ToList();
        return raw with { Columns = columns, Rows = rows };
    }

    private static object? Value(MarkovCredit credit, string column) => column.ToLowerInvariant() switch
    {
        "channel" => credit.Channel,
        "removal_effect" => credit.RemovalEffect,
        "share" => credit.Share,
        "conversions" => credit.Conversions,
        "revenue" => credit.Revenue,
        "last_touch_conversions" => credit.LastTouchConversions,
        _ => throw new InvalidOperationException($"The markov_removal transform cannot fill column '{column}'; it provides channel, removal_effect, share, conversions, revenue, last_touch_conversions."),
    };

    private static int Require(SkillResult raw, string name)
    {
        var index = raw.IndexOf(name);
        return index >= 0
            ? index
            : throw new InvalidOperationException($"The markov_removal transform needs a '{name}' column from the skill's SQL; it got {string.Join(", ", raw.Columns.Select(c => c.Name))}.");
    }
}
