namespace JourneyAssistant.Skills.Transforms;

/// <summary>A distinct journey path (channels in order) with how many journeys took it, how many converted and their revenue.</summary>
public sealed record JourneyPath(IReadOnlyList<string> Channels, long Journeys, long Conversions, double Revenue = 0);

/// <summary>One channel's data-driven credit: removal effect, share of credit, credited conversions and revenue, and last-touch conversions for comparison.</summary>
public sealed record MarkovCredit(string Channel, double RemovalEffect, double Share, double Conversions, double Revenue, double LastTouchConversions);

/// <summary>The fitted chain: the overall conversion probability and each channel's credit, largest removal effect first.</summary>
public sealed record MarkovAttributionResult(double ConversionProbability, IReadOnlyList<MarkovCredit> Credits);

/// <summary>
/// First-order Markov attribution with the removal effect, solved exactly. States are start, one per channel, and the
/// absorbing states conversion and null. The probability of absorbing in conversion from each channel state solves
/// (I − Q)·x = b (Q: channel-to-channel transition probabilities, b: channel-to-conversion); removing a channel sends
/// every transition into it to null, i.e. fixes its x at 0. No simulation, so results are reproducible to the last digit.
/// </summary>
public static class MarkovAttribution
{
    /// <summary>Fits the chain on <paramref name="paths"/> and returns every channel's removal effect and credit.</summary>
    public static MarkovAttributionResult Compute(IEnumerable<JourneyPath> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.Where(p => p.Journeys > 0 && p.Channels.Count > 0).ToList();
        foreach (var path in list)
        {
            if (path.Conversions < 0 || path.Conversions > path.Journeys)
            {
                throw new ArgumentException($"Path '{string.Join(">", path.Channels)}' has {path.Conversions} conversions out of {path.Journeys} journeys.", nameof(paths));
            }
        }

        var channels = list.SelectMany(p => p.Channels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = channels.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        var n = channels.Count;

        // Transition counts: start → first channel, channel → next channel, last channel → conversion / null.
        var start = new double[n];
        var between = new double[n, n];
        var toConversion = new double[n];
        var outgoing = new double[n];
        foreach (var path in list)
        {
            var first = index[path.Channels[0]];
            start[first] += path.Journeys;
            for (var k = 0; k + 1 < path.Channels.Count; k++)
            {
                var from = index[path.Channels[k]];
                between[from, index[path.Channels[k + 1]]] += path.Journeys;
                outgoing[from] += path.Journeys;
            }

            var last = index[path.Channels[^1]];
            toConversion[last] += path.Conversions;
            outgoing[last] += path.Journeys; // the non-converting journeys go to null
        }

        var totalJourneys = start.Sum();
        var totalConversions = list.Sum(p => (double)p.Conversions);
        var totalRevenue = list.Sum(p => p.Revenue);
        var baseline = ConversionProbability(start, between, toConversion, outgoing, totalJourneys, removed: -1);

        var effects = new double[n];
        for (var c = 0; c < n; c++)
        {
            effects[c] = baseline > 0
                ? Math.Max(0, 1 - (ConversionProbability(start, between, toConversion, outgoing, totalJourneys, removed: c) / baseline))
                : 0;
        }

        var lastTouch = new double[n];
        foreach (var path in list)
        {
            lastTouch[index[path.Channels[^1]]] += path.Conversions;
        }

        var effectSum = effects.Sum();
        var credits = channels
            .Select((channel, i) =>
            {
                var share = effectSum > 0 ? effects[i] / effectSum : 0;
                return new MarkovCredit(channel, effects[i], share, share * totalConversions, share * totalRevenue, lastTouch[i]);
            })
            .OrderByDescending(c => c.RemovalEffect)
            .ThenBy(c => c.Channel, StringComparer.Ordinal)
            .ToList();
        return new MarkovAttributionResult(baseline, credits);
    }

    /// <summary>P(conversion | start) with channel <paramref name="removed"/> (or none when −1) redirected to null.</summary>
    private static double ConversionProbability(double[] start, double[,] between, double[] toConversion, double[] outgoing, double totalJourneys, int removed)
    {
        var n = start.Length;
        if (totalJourneys <= 0)
        {
            return 0;
        }

        // Row i: x_i − Σ_j P(i→j)·x_j = P(i→conversion); a removed channel's row is x_removed = 0.
        var a = new double[n, n];
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i, i] = 1;
            if (i == removed || outgoing[i] <= 0)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (j != removed && between[i, j] > 0)
                {
                    a[i, j] -= between[i, j] / outgoing[i];
                }
            }

            b[i] = toConversion[i] / outgoing[i];
        }

        var x = Solve(a, b);
        var probability = 0.0;
        for (var j = 0; j < n; j++)
        {
            if (j != removed)
            {
                probability += start[j] / totalJourneys * x[j];
            }
        }

        return probability;
    }

    /// <summary>Gaussian elimination with partial pivoting; the systems here are small (one row per channel).</summary>
    internal static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var y = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(m[pivot, col]) < 1e-12)
            {
                // Only possible for a closed loop of channels that no journey ever leaves, which path data cannot produce.
                throw new InvalidOperationException("The Markov chain has a set of channels with no way to conversion or exit; the paths are inconsistent.");
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (y[col], y[pivot]) = (y[pivot], y[col]);
            }

            for (var row = col + 1; row < n; row++)
            {
                var factor = m[row, col] / m[col, col];
                if (factor == 0)
                {
                    continue;
                }

                for (var k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                y[row] -= factor * y[col];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = y[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * x[k];
            }

            x[row] = sum / m[row, row];
        }

        return x;
    }
}
