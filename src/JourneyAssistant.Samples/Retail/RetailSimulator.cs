using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Retail;

/// <summary>One simulated step of one retail customer.</summary>
internal struct RetailEvent
{
    /// <summary>Local (Asia/Shanghai) time as seconds since 1970-01-01 00:00; written as UTC.</summary>
    public long Time;
    public RetailStep Step;
    public long AmountCents;
    public byte Nps;
}

/// <summary>
/// Walks one retail customer from an ad click (or a store visit) to payment, pick-up, repeat purchase and service.
/// The funnel has no checkout step; the planted leak is the payment page, where about 68 % of people stop.
/// </summary>
internal sealed class RetailSimulator
{
    /// <summary>Share of people reaching the payment page who pay: the planted leak is 1 minus this.</summary>
    public const double PayRate = 0.32;

    /// <summary>The chain's local zone (Asia/Shanghai) is this far ahead of the UTC its systems record in.</summary>
    public const long LocalOffsetSeconds = 8 * SampleCalendar.Hour;

    // Facebook, Instagram, Paid Search, Online Display, store walk-ins.
    private static readonly double[] AcquisitionCumulative = [0.30, 0.55, 0.75, 0.85, 1.0];
    private static readonly double[] ViewRate = [0.55, 0.50, 0.80, 0.35, 0];
    private static readonly double[] PayPageRate = [0.55, 0.50, 0.65, 0.45, 0];

    // Shoppers' local hours: quiet at night, busiest in the evening.
    private static readonly double[] HourCumulative = Cumulative(
        [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.4, 2.8, 3.2, 3.0, 2.6, 2.5, 2.5, 2.6, 2.8, 3.4, 4.0, 4.2, 3.2, 1.6]);

    // The export covers whole UTC days: [_start, _end) in UTC, which is 08:00 of the first local day to 08:00 after the last.
    private readonly long _start;
    private readonly long _end;
    private readonly int _days;
    private readonly RetailEvent[] _events = new RetailEvent[16];
    private int _count;
    private SampleRandom _r;

    public RetailSimulator(SampleOptions options)
    {
        _end = SampleCalendar.Midnight(options.EffectiveEndDate) + SampleCalendar.Day;
        _start = _end - options.Days * SampleCalendar.Day;
        _days = options.Days;
    }

    public ReadOnlySpan<RetailEvent> Events => _events.AsSpan(0, _count);

    public RetailChannel Acquisition { get; private set; }

    public byte Region { get; private set; }

    public void Simulate(int index, ulong seed)
    {
        _r = new SampleRandom(SampleRandom.Mix(seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL)));
        _count = 0;
        Acquisition = (RetailChannel)_r.Pick(AcquisitionCumulative);
        Region = (byte)_r.Next(RetailVocabulary.Regions.Length);
        var a = (int)Acquisition;
        // Journeys start on any local day the UTC export touches, the day after the last included; the cut in Add drops the rest.
        var t = _start + _r.Next(_days + 1) * SampleCalendar.Day + _r.Pick(HourCumulative) * SampleCalendar.Hour + _r.Next(3600);
        var amount = (long)Math.Round(_r.LogNormal(18_000, 0.5));
        var bought = false;
        if (Acquisition == RetailChannel.Store)
        {
            Add(RetailStep.StoreSale, t, amount);
            bought = true;
        }
        else
        {
            Add(RetailStep.AdClick, t);
            if (!_r.Chance(ViewRate[a]))
            {
                return;
            }

            Add(RetailStep.ViewItem, t += _r.Between(5, 120));
            if (_r.Chance(0.12))
            {
                Add(RetailStep.Chat, t += _r.Between(30, 600));
            }

            if (!_r.Chance(PayPageRate[a]))
            {
                return;
            }

            Add(RetailStep.PayPage, t += _r.Between(30, 900), amount);
            if (!_r.Chance(PayRate))
            {
                return;
            }

            Add(RetailStep.PaySuccess, t += _r.Between(10, 120), amount);
            bought = true;
            if (_r.Chance(0.3))
            {
                Add(RetailStep.Pickup, t += _r.Between(1, 3) * SampleCalendar.Day + _r.Next(6 * 3600));
            }
        }

        if (!bought)
        {
            return;
        }

        var after = t;
        if (_r.Chance(0.10))
        {
            var opened = after + _r.Between(1, 5) * SampleCalendar.Day;
            Add(RetailStep.TicketOpened, opened);
            if (_r.Chance(0.85))
            {
                Add(RetailStep.TicketResolved, opened + _r.Between(4, 48) * SampleCalendar.Hour);
            }
        }

        if (_r.Chance(0.20))
        {
            Add(RetailStep.Survey, after + _r.Between(2, 6) * SampleCalendar.Day, nps: (byte)_r.Between(0, 10));
        }

        if (_r.Chance(0.25))
        {
            Add(RetailStep.RepeatPurchase, after + _r.Between(7, 15) * SampleCalendar.Day, (long)Math.Round(_r.LogNormal(12_000, 0.5)));
        }

        // Follow-ups are drawn independently, so put the person's events back in time order.
        _events.AsSpan(0, _count).Sort((x, y) => x.Time.CompareTo(y.Time));
    }

    private void Add(RetailStep step, long time, long amountCents = 0, byte nps = 0)
    {
        // What falls outside the exported UTC days is not in the export (the journey went on, the file stops).
        var utc = time - LocalOffsetSeconds;
        if (utc >= _start && utc < _end)
        {
            _events[_count++] = new RetailEvent { Time = time, Step = step, AmountCents = amountCents, Nps = nps };
        }
    }

    private static double[] Cumulative(double[] weights)
    {
        var sum = 0.0;
        return [.. weights.Select(w => sum += w)];
    }
}
