using System.Globalization;
using JourneyAssistant.Metrics.Definitions;

namespace JourneyAssistant.Metrics.Compilation;

/// <summary>
/// SQL for a declared measure. Conditions become FILTER clauses rather than WHERE, so a ratio's numerator and
/// denominator may count different rows of the same scan, and a comparison can split one scan into two periods.
/// </summary>
internal static class MeasureSql
{
    /// <summary>The aggregate of <paramref name="measure"/> over rows of <paramref name="view"/>, restricted further by <paramref name="extra"/> when given.</summary>
    public static string Aggregate(Measure measure, string view, string? extra)
    {
        var condition = And(Condition(measure.Where, view), extra);
        var filter = condition is null ? "" : $" FILTER (WHERE {condition})";
        var column = measure.Column is { } c ? "f." + c : null;
        return measure.Kind switch
        {
            MeasureKind.Count => $"count(*){filter}",
            MeasureKind.CountDistinct => $"count(DISTINCT {column}){filter}",
            MeasureKind.Sum => $"coalesce(sum({column}){filter}, 0)::DOUBLE",
            MeasureKind.Average => $"avg({column}){filter}",
            MeasureKind.Median => $"median({column}){filter}",
            MeasureKind.Ratio => $"({Aggregate(measure.Numerator!, view, extra)})::DOUBLE / nullif({Aggregate(measure.Denominator!, view, extra)}, 0)",
            MeasureKind.NetPromoter => $"round(100.0 * (count(*) FILTER (WHERE {And($"{column} >= 9", condition)}) - count(*) FILTER (WHERE {And($"{column} <= 6", condition)})) / nullif(count({column}){filter}, 0), 1)",
            _ => throw new InvalidOperationException($"unknown measure kind {measure.Kind}"),
        };
    }

    /// <summary>
    /// How many rows or people the value rests on: the denominator of a ratio, the non-null values of an average,
    /// median or score, the rows of a sum. Null for a count, whose value is its own base.
    /// </summary>
    public static string? Base(Measure measure, string view, string? extra)
    {
        var condition = And(Condition(measure.Where, view), extra);
        var filter = condition is null ? "" : $" FILTER (WHERE {condition})";
        return measure.Kind switch
        {
            MeasureKind.Count => null,
            MeasureKind.CountDistinct => null,
            MeasureKind.Ratio => Aggregate(measure.Denominator!, view, extra),
            MeasureKind.Sum => $"count(*){filter}",
            _ => $"count(f.{measure.Column}){filter}",
        };
    }

    /// <summary>The SQL of a declared condition; null when it has none.</summary>
    public static string? Condition(MeasureCondition where, string view)
    {
        var parts = new List<string>();
        if (where.Events.Count > 0)
        {
            parts.Add($"f.event IN ({List(where.Events)})");
        }

        if (where.Touchpoints.Count > 0)
        {
            parts.Add($"f.touchpoint IN ({List(where.Touchpoints)})");
        }

        if (where.Stages.Count > 0)
        {
            parts.Add($"f.stage IN ({List(where.Stages)})");
        }

        if (where.Conversion is { } conversion && view != "orders")
        {
            // orders holds only conversions; elsewhere the dictionary's flag (overlay included) is in is_conversion.
            parts.Add(conversion ? "f.is_conversion" : "NOT f.is_conversion");
        }
        else if (where.Conversion is false)
        {
            parts.Add("false");
        }

        if (where.TrueColumn is { } flag)
        {
            parts.Add($"f.{flag}");
        }

        if (where.NotNullColumn is { } notNull)
        {
            parts.Add($"f.{notNull} IS NOT NULL");
        }

        if (where.MinOrderSeq is { } seq)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"f.order_seq >= {seq}"));
        }

        return parts.Count == 0 ? null : string.Join(" AND ", parts);
    }

    public static string? And(string? a, string? b) => a is null ? b : b is null ? a : $"{a} AND {b}";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string List(IEnumerable<string> values) => string.Join(", ", values.Select(Literal));
}
