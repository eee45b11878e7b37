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

    /// <summary>Days kept free at the end of the window so every follow-up of a journey still falls inside it.</summary>
    public const int FollowUpDays = 20;

    // Facebook, Instagram, Paid Search, Online Display, store walk-ins.
    private static readonly double[] AcquisitionCumulative = [0.30, 0.55, 0.75, 0.85, 1.0];
    private static readonly double[] ViewRate = [0.55, 0.50, 0.80, 0.35, 0];
    private static readonly double[] PayPageRate = [0.55, 0.50, 0.65, 0.45, 0];

    private readonly long _start;
    private readonly int _startDays;
    private readonly RetailEvent[] _events = new RetailEvent[16];
    private int _count;
    private SampleRandom _r;

    public RetailSimulator(SampleOptions options)
    {
        var end = SampleCalendar.Midnight(options.EffectiveEndDate) + SampleCalendar.Day;
        _start = end - options.Days * SampleCalendar.Day;
        _startDays = options.Days - FollowUpDays;
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
        var t = _start + _r.Next(_startDays) * SampleCalendar.Day + _r.Between(9, 22) * SampleCalendar.Hour + _r.Next(3600);
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

    private void Add(RetailStep step, long time, long amountCents = 0, byte nps = 0) =>
        _events[_count++] = new RetailEvent { Time = time, Step = step, AmountCents = amountCents, Nps = nps };
}
