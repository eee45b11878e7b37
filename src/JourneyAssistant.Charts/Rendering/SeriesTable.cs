namespace JourneyAssistant.Charts.Rendering;

/// <summary>A result pivoted to categories × series, from long form (x, series, y) or wide form (x, y1, y2, …).</summary>
public sealed record SeriesTable(IReadOnlyList<string> Categories, IReadOnlyList<string> Series, double[,] Values, int ValueColumn)
{
    /// <summary>The column the series came from (long form), for axis titles; null for wide form.</summary>
    public int? ColumnAxis { get; init; }

    /// <summary>Pivots the result; null when it has no category dimension or fewer than one series.</summary>
    public static SeriesTable? From(ChartColumns columns, bool allowWide = true)
    {
        var x = columns.X;
        if (x < 0)
        {
            return null;
        }

        var rows = columns.Result.Rows;
        var series = columns.Series;
        if (series >= 0 && columns.Y >= 0)
        {
            var categories = rows.Select(r => columns.Label(r, x)).Distinct().ToList();
            var names = rows.Select(r => columns.Label(r, series)).Distinct().ToList();
            var values = Filled(categories.Count, names.Count);
            foreach (var row in rows)
            {
                var value = columns.Number(row, columns.Y);
                if (double.IsFinite(value))
                {
                    values[categories.IndexOf(columns.Label(row, x)), names.IndexOf(columns.Label(row, series))] = value;
                }
            }

            return new SeriesTable(categories, names, values, columns.Y);
        }

        var numbers = columns.Numbers;
        if (!allowWide || numbers.Count < 2)
        {
            return null;
        }

        // Wide form: every numeric column of the first number's role is a series (mixing % with counts would mislead).
        var role = columns.Column(numbers[0]).Role;
        var picked = numbers.Where(i => columns.Column(i).Role == role).ToList();
        var wideCategories = rows.Select(r => columns.Label(r, x)).ToList();
        var wide = Filled(wideCategories.Count, picked.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var s = 0; s < picked.Count; s++)
            {
                wide[r, s] = columns.Number(rows[r], picked[s]);
            }
        }

        return new SeriesTable(wideCategories, picked.Select(columns.ColumnLabel).ToList(), wide, picked[0]);
    }

    /// <summary>Sum of a category over all series (NaN cells skipped).</summary>
    public double Total(int category) =>
        Enumerable.Range(0, Series.Count).Select(s => Values[category, s]).Where(double.IsFinite).Sum();

    private static double[,] Filled(int rows, int columns)
    {
        var values = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                values[r, c] = double.NaN;
            }
        }

        return values;
    }
}
