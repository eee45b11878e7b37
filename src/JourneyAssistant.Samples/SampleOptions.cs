namespace JourneyAssistant.Samples;

/// <summary>What the sample generator writes: how many people, which seed, which window and which format.</summary>
/// <param name="People">Number of simulated people; about five events per person in raw mode.</param>
/// <param name="Seed">Same seed, same options → byte-identical files.</param>
/// <param name="EndDate">Last local (Asia/Shanghai) day of the window; the planted problems are pinned to the default 2026-11-22.</param>
/// <param name="Days">Length of the window in days, ending on <paramref name="EndDate"/>.</param>
/// <param name="Canonical">Write the canonical touchpoint format (one CSV per source) instead of raw exports with mappings.</param>
/// <param name="Noise">Add duplicate and bad rows (about 1% and 0.5%).</param>
public sealed record SampleOptions(
    int People = 22_000,
    int Seed = 42,
    DateOnly EndDate = default,
    int Days = 112,
    bool Canonical = false,
    bool Noise = true)
{
    /// <summary>The end date the planted problems are designed around.</summary>
    public static readonly DateOnly DefaultEndDate = new(2026, 11, 22);

    /// <summary>The end date actually used (<see cref="DefaultEndDate"/> when left at default).</summary>
    public DateOnly EffectiveEndDate => EndDate == default ? DefaultEndDate : EndDate;

    /// <summary>Throws a clear error for options the generator cannot honour.</summary>
    public void Validate()
    {
        if (People is < 1 or > 50_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(People), People, "people must be between 1 and 50,000,000 / 人数须在 1 到 5000 万之间");
        }

        if (Days is < 7 or > 3660)
        {
            throw new ArgumentOutOfRangeException(nameof(Days), Days, "days must be between 7 and 3660 / 天数须在 7 到 3660 之间");
        }
    }
}
