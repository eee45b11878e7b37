namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>The figures benchmarks report over their timings.</summary>
internal static class BenchStatistics
{
    /// <summary>The middle value; for an even count the mean of the two middle ones.</summary>
    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile (0 for no values), as `journey eval` reports latencies.</summary>
    public static double Percentile(List<double> values, double p) => Analyst.Evaluation.EvalReport.Percentile(values, p);

    /// <summary>The nearest-rank median: for an even count the lower of the two middle values.</summary>
    public static double LowerMedian(List<double> values) => Percentile(values, 0.5);
}
