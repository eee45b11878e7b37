using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>Walks one person through awareness → advocacy with per-channel drop-offs and the planted problems (see sample-data/README.md).</summary>
internal sealed partial class JourneySimulator
{
    private const long Day = SampleCalendar.Day;
    private const long Hour = SampleCalendar.Hour;

    // Planted dates (local Asia/Shanghai days); they only take effect when they fall inside the window.
    private static readonly long AbTestStart = SampleCalendar.Midnight(new DateOnly(2026, 10, 1));
    private static readonly long OutageDay = SampleCalendar.Midnight(new DateOnly(2026, 10, 20));
    private static readonly long Double11 = SampleCalendar.Midnight(new DateOnly(2026, 11, 11));
    private static readonly long PaymentBugStart = SampleCalendar.Midnight(new DateOnly(2026, 11, 17));

    // Acquisition mix: Douyin brings the most traffic; search and the official account convert best.
    private static readonly SampleChannel[] AcquisitionChannels =
        [SampleChannel.Douyin, SampleChannel.Moments, SampleChannel.Search, SampleChannel.OfficialAccount, SampleChannel.Website, SampleChannel.Store];
    private static readonly double[] AcquisitionCumulative = [0.37, 0.57, 0.73, 0.83, 0.92, 1.0];
    private static readonly double[] MiniShare = [0.15, 0.80, 0.05, 0.75, 0.30, 0.0];

    // The mini-program keeps winning share over the window (added to MiniShare by the end).
    private static readonly double[] MiniGrowth = [0.30, 0.12, 0.15, 0.15, 0.35, 0.0];
    private static readonly double[] ClickRate = [0.60, 0.66, 0.88, 0, 0, 0];
    private static readonly double[] ProductRate = [0.42, 0.60, 0.80, 0.80, 0.62, 0];
    private static readonly double[] CartRate = [0.45, 0.60, 0.74, 0.74, 0.60, 0];
    private static readonly double[] CheckoutRate = [0.50, 0.60, 0.74, 0.76, 0.62, 0];
    private static readonly double[] HourWeights =
        [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.4, 2.8, 3.2, 3.0, 2.6, 2.5, 2.5, 2.6, 2.8, 3.4, 4.0, 4.2, 3.2, 1.6];

    private readonly long _start;
    private readonly long _end;
    private readonly double[] _paidDays;
    private readonly double[] _otherDays;
    private readonly double[] _hours;
    private readonly double[] _storeHours;
    private SampleEvent[] _events = new SampleEvent[64];
    private SampleEvent _discard;
    private int _count;
    private int _seq;
    private int _ticketCounter;
    private SampleRandom _r;
    private SamplePerson _p = new();
    private int _lastNps;

    /// <summary>Ground truth over all simulated people, for the manifest and tests.</summary>
    public readonly SampleTruth Truth = new();

    public JourneySimulator(SampleOptions options)
    {
        _end = SampleCalendar.Midnight(options.EffectiveEndDate) + Day;
        _start = _end - options.Days * Day;
        _paidDays = new double[options.Days];
        _otherDays = new double[options.Days];
        double paid = 0, other = 0;
        for (var i = 0; i < options.Days; i++)
        {
            var day = _start + i * Day;
            var trend = 0.75 + 0.5 * i / Math.Max(1, options.Days - 1);
            var dow = (int)((day / Day + 4) % 7); // 1970-01-01 was a Thursday; 0 = Sunday
            var weekend = dow is 0 or 6 ? 1.15 : 1.0;
            var paidFactor = day == Double11 ? 4.0 : day == Double11 - Day ? 1.5 : day >= Double11 - 10 * Day && day < Double11 ? 1.15 : 1.0;
            var otherFactor = day == Double11 ? 1.5 : 1.0;
            paid += trend * weekend * paidFactor;
            other += trend * weekend * otherFactor;
            _paidDays[i] = paid;
            _otherDays[i] = other;
        }

        _hours = Cumulative(HourWeights);
        var store = new double[24];
        for (var h = 10; h <= 21; h++)
        {
            store[h] = h is >= 18 or 12 or 13 ? 2 : 1;
        }

        _storeHours = Cumulative(store);
    }

    public ReadOnlySpan<SampleEvent> Events => _events.AsSpan(0, _count);

    public SamplePerson Person => _p;

    /// <summary>Simulates one person; afterwards <see cref="Events"/> holds their events in time order (only those inside the window).</summary>
    public void Simulate(int index, ulong seed)
    {
        _r = new SampleRandom(SampleRandom.Mix(seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL)));
        _count = 0;
        _seq = 0;
        _lastNps = -1;
        var p = _p;
        p.Index = index;
        p.Region = (byte)_r.Pick(SampleText.RegionWeights);
        var acq = _r.Pick(AcquisitionCumulative);
        p.Acquisition = AcquisitionChannels[acq];
        p.CookieCount = (byte)(1 + (_r.Chance(0.3) ? 1 + (_r.Chance(0.3) ? 1 : 0) : 0));
        p.MemberSince = long.MaxValue;
        p.Purchases = 0;
        p.OnlinePurchases = 0;
        p.ReachedPayment = false;

        var paid = p.Acquisition is SampleChannel.Douyin or SampleChannel.Moments or SampleChannel.Search;
        var dayIndex = _r.Pick(paid ? _paidDays : _otherDays);
        var day = _start + dayIndex * Day;
        p.Mini = _r.Chance(MiniShare[acq] + MiniGrowth[acq] * dayIndex / _paidDays.Length);
        p.HasWeChat = p.Mini || p.Acquisition == SampleChannel.OfficialAccount || _r.Chance(0.3);
        p.HasUnion = p.HasWeChat && _r.Chance(0.9);
        p.TestDevice = p.Mini && _r.Chance(0.04);
        if (p.Acquisition == SampleChannel.Store)
        {
            StoreJourney(day);
        }
        else
        {
            OnlineJourney(day, paid);
        }

        Truth.Record(p, _end);
        _events.AsSpan(0, _count).Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Seq.CompareTo(b.Seq));
    }
}
