namespace JourneyAssistant.Samples.Simulation;

/// <summary>xoshiro256** seeded through SplitMix64: our own generator so the same seed gives the same bytes on every .NET version.</summary>
internal struct SampleRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SampleRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>SplitMix64 finalizer: a bijection on 64-bit values, so distinct inputs give distinct ids.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    public ulong NextU64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)(((NextU64() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>
    /// Approximately standard normal (Irwin–Hall: twelve uniforms minus 6). Only additions, so the committed sample is
    /// byte-identical on every machine; Math.Log/Cos/Exp come from the platform's libm and may differ in the last bit.
    /// </summary>
    public double Normal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }

        return sum - 6.0;
    }

    /// <summary>Log-normal with the given median.</summary>
    public double LogNormal(double median, double sigma) => median * Exp(sigma * Normal());

    /// <summary>e^x from + and × only (range reduction by ln 2, then a Taylor series), for platform-independent results.</summary>
    public static double Exp(double x)
    {
        const double Ln2 = 0.6931471805599453;
        var k = (int)Math.Round(x / Ln2);
        var r = x - k * Ln2;
        double term = 1, sum = 1;
        for (var n = 1; n <= 14; n++)
        {
            term = term * r / n;
            sum += term;
        }

        return Math.ScaleB(sum, k);
    }

    /// <summary>Index drawn from cumulative weights (last element = total).</summary>
    public int Pick(ReadOnlySpan<double> cumulative)
    {
        var x = NextDouble() * cumulative[^1];
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (x < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }
}
