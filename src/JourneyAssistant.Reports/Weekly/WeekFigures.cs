using JourneyAssistant.Skills.Results;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>Reads skill results by column name: numbers (NaN when absent), text, and per-dimension breakdowns.</summary>
internal static class ResultReader
{
    public static double Number(SkillResult result, object?[] row, string column)
    {
        var index = result.IndexOf(column);
        return index < 0 ? double.NaN : Charts.Rendering.ChartColumns.ToDouble(row[index]);
    }

    public static string? Text(SkillResult result, object?[] row, string column)
    {
        var index = result.IndexOf(column);
        return index < 0 ? null : Convert.ToString(row[index], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of <paramref name="role"/> whose name contains one of <paramref name="hints"/>, else the first of that role.</summary>
    public static string? Find(SkillResult result, ColumnRole role, params string[] hints)
    {
        var candidates = result.Columns.Where(c => c.Role == role).ToList();
        return (candidates.FirstOrDefault(c => hints.Any(h => c.Name.Contains(h, StringComparison.OrdinalIgnoreCase))) ?? candidates.FirstOrDefault())?.Name;
    }

    /// <summary>Sum of a column over all rows, skipping missing values; NaN when the column does not exist.</summary>
    public static double Sum(SkillResult? result, string column) =>
        result is null || result.IndexOf(column) < 0
            ? double.NaN
            : result.Rows.Select(r => Number(result, r, column)).Where(double.IsFinite).Sum();

    /// <summary>value per dimension id, e.g. revenue per channel.</summary>
    public static Dictionary<string, double> By(SkillResult? result, string dimension, Func<object?[], double> value)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        if (result is null || result.IndexOf(dimension) < 0)
        {
            return map;
        }

        foreach (var row in result.Rows)
        {
            var key = Text(result, row, dimension) ?? string.Empty;
            var v = value(row);
            if (double.IsFinite(v))
            {
                map[key] = map.TryGetValue(key, out var existing) ? existing + v : v;
            }
        }

        return map;
    }

    /// <summary>A weighted mean (e.g. NPS weighted by responses); NaN when nothing is weighted.</summary>
    public static double WeightedMean(SkillResult? result, string valueColumn, string? weightColumn)
    {
        if (result is null || result.IndexOf(valueColumn) < 0)
        {
            return double.NaN;
        }

        double sum = 0, weights = 0;
        foreach (var row in result.Rows)
        {
            var value = Number(result, row, valueColumn);
            var weight = weightColumn is null ? 1 : Number(result, row, weightColumn);
            if (double.IsFinite(value) && double.IsFinite(weight) && weight > 0)
            {
                sum += value * weight;
                weights += weight;
            }
        }

        return weights > 0 ? sum / weights : double.NaN;
    }
}
