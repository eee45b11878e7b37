using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>The simulated identity and traits of one person; one instance is reused for every person.</summary>
internal sealed class SamplePerson
{
    public int Index;
    public byte Region;
    public SampleChannel Acquisition;
    public bool Mini;
    public byte CookieCount;
    public bool HasWeChat;
    public bool HasUnion;
    public bool TestDevice;
    public long MemberSince;
    public int Purchases;
    public int OnlinePurchases;
    public bool ReachedPayment;

    public bool IsMemberAt(long time) => MemberSince <= time;
}

/// <summary>Walks one person through awareness → advocacy with per-channel drop-offs and the planted problems (see sample-data/README.md).</summary>
internal sealed class JourneySimulator
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

    private void OnlineJourney(long day, bool paid)
    {
        var p = _p;
        var acq = (int)p.Acquisition;
        var t = day + HourOf(_hours) * Hour + _r.Next(3600);
        var doubleEleven = day == Double11;
        var cookie = (byte)0;
        if (paid)
        {
            var impressions = 1 + Geometric(0.5, 4) + (doubleEleven ? 2 : 0);
            var campaign = CampaignFor(day);
            var viaDevice = p.Mini;
            for (var i = 0; i < impressions; i++)
            {
                if (i > 0)
                {
                    // Double 11 bursts are dense: every impression lands on the day itself.
                    t += doubleEleven ? _r.Between(60, 1200) : _r.Between(600, 20 * 3600);
                }

                AdRow(t, SampleAction.AdImpression, campaign, viaDevice);
            }

            if (!_r.Chance(ClickRate[acq] * (doubleEleven ? 0.55 : 1.0)))
            {
                return;
            }

            t += _r.Between(2, 40);
            AdRow(t, SampleAction.AdClick, campaign, viaDevice);
            if (!_r.Chance(0.93))
            {
                return;
            }

            t += _r.Between(2, 15);
        }
        else if (p.Acquisition == SampleChannel.OfficialAccount)
        {
            var reads = 1 + _r.Next(3);
            var article = _r.Next(SampleText.Articles.Length);
            for (var i = 0; i < reads; i++)
            {
                if (i > 0)
                {
                    t = NextSession(t, 1, 6);
                }

                ref var e = ref Add(t, SampleSource.OfficialAccount, SampleAction.ContentView);
                e.Ref = (article + i) % SampleText.Articles.Length;
                if (_r.Chance(0.08))
                {
                    ref var s = ref Add(t + _r.Between(30, 300), SampleSource.OfficialAccount, SampleAction.ArticleShare);
                    s.Ref = e.Ref;
                }
            }

            if (!_r.Chance(0.78))
            {
                return;
            }

            t += _r.Between(5, 120);
        }

        // Double 11 crowds are bargain hunters: many more visits, few real buyers.
        var boost = doubleEleven && paid ? 0.35 : 1.0;
        Site(t, SampleAction.PageView, cookie);
        if (_r.Chance(0.35))
        {
            t += _r.Between(20, 300);
            Site(t, SampleAction.PageView, cookie);
        }

        if (!_r.Chance(ProductRate[acq] * boost))
        {
            return;
        }

        var views = 1 + _r.Next(3);
        for (var i = 0; i < views; i++)
        {
            t += _r.Between(10, 400);
            Site(t, SampleAction.ProductView, cookie).Ref = _r.Next(200);
        }

        if (_r.Chance(0.03))
        {
            Register(t + _r.Between(30, 300), p.Mini ? SampleChannel.MiniProgram : SampleChannel.Website);
        }

        var consulted = _r.Chance(0.2);
        if (consulted)
        {
            t += _r.Between(20, 300);
            Site(t, SampleAction.Consult, cookie);
            if (_r.Chance(0.12))
            {
                Survey(t + _r.Between(600, 6 * 3600), RatedTouchpoint.Consultation, 6.2, 2.3);
            }
        }

        if (!_r.Chance(CartRate[acq] * boost * (consulted ? 0.5 : 1.0)))
        {
            // People who leave at the product page often asked a question first and got no timely answer.
            if (!consulted && _r.Chance(0.22))
            {
                Site(t + _r.Between(20, 300), SampleAction.Consult, cookie);
            }

            return;
        }

        if (_r.Chance(0.25))
        {
            t = NextSession(t, 1, 4);
            cookie = NextCookie();
        }
        else
        {
            t += _r.Between(60, 900);
        }

        Site(t, SampleAction.AddToCart, cookie).Ref = _r.Next(200);
        if (!_r.Chance(CheckoutRate[acq]))
        {
            if (_r.Chance(0.2))
            {
                Site(t + _r.Between(20, 300), SampleAction.Consult, cookie);
            }

            return;
        }

        if (_r.Chance(0.3))
        {
            t = NextSession(t, 1, 5);
            cookie = NextCookie();
        }
        else
        {
            t += _r.Between(30, 600);
        }

        var amount = Amount(259, 0.55);
        if (!Attempt(ref t, cookie, amount, repeat: false))
        {
            return;
        }

        AfterPurchase(t, cookie, store: false);
    }

    private void StoreJourney(long day)
    {
        var p = _p;
        var t = day + HourOf(_storeHours) * Hour + _r.Next(3600);
        if (_r.Chance(0.5))
        {
            Register(t - _r.Between(60, 300), SampleChannel.Store);
        }

        StorePurchase(t);
        AfterPurchase(t, 0, store: true);
    }

    private void StorePurchase(long t)
    {
        var p = _p;

        // The 10-20 outage took the order system down, tills included, from 10:00 to 20:00: most shoppers came back the next day.
        if (t - (t % Day) == OutageDay && t % Day >= 10 * Hour && t % Day < 20 * Hour && _r.Chance(0.8))
        {
            t += Day;
        }

        if (t >= _end)
        {
            return;
        }

        ref var e = ref Add(t, SampleSource.Pos, SampleAction.StorePurchase);
        e.AmountCents = Amount(320, 0.6);
        e.Ref = _r.Next(2);
        if (p.IsMemberAt(t))
        {
            // Cashiers sometimes key in the store's own hotline instead of the member's phone.
            e.Flags |= EventFlags.WithMember | (_r.Chance(0.1) ? EventFlags.StorePhone : EventFlags.WithPhone);
        }
        else
        {
            e.Flags |= _r.Chance(0.45) ? EventFlags.WithPhone : EventFlags.StorePhone | EventFlags.Walkin;
        }

        p.Purchases++;
    }

    /// <summary>Checkout → payment; returns whether a payment succeeded. Planted: payment leak, mini-program bug, outage day, A/B test.</summary>
    private bool Attempt(ref long t, byte cookie, long amount, bool repeat)
    {
        var p = _p;
        var web = !p.Mini;
        var variant = t >= AbTestStart ? (byte)(1 + _r.Next(2)) : (byte)0;
        ref var checkout = ref Site(t, SampleAction.CheckoutStart, cookie);
        checkout.Variant = variant;
        checkout.AmountCents = amount;
        var startRate = repeat ? 0.95 : variant == 2 ? 0.93 : 0.80;
        if (!_r.Chance(startRate))
        {
            if (_r.Chance(0.1))
            {
                Site(t + _r.Between(20, 300), SampleAction.Consult, cookie);
            }

            return false;
        }

        t += _r.Between(5, 90);
        if (web)
        {
            ref var order = ref Site(t, SampleAction.OrderCreate, cookie);
            order.Variant = variant;
            order.AmountCents = amount;
            t += _r.Between(2, 20);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (t < _end)
            {
                p.ReachedPayment = true;
            }

            ref var start = ref Site(t, SampleAction.PaymentStart, cookie);
            start.Variant = variant;
            start.AmountCents = amount;
            var rate = repeat ? 0.62 : web ? 0.30 : 0.22;
            if (!repeat && variant == 2)
            {
                rate *= 1.3;
            }

            if (!repeat && p.Acquisition == SampleChannel.Douyin)
            {
                rate *= 0.85;
            }

            var day = t - (t % Day + Day) % Day;
            if (day == OutageDay)
            {
                rate *= 0.15;
            }

            if (!web && t >= PaymentBugStart)
            {
                rate *= 0.3;
            }

            if (_r.Chance(rate))
            {
                t += _r.Between(10, 150);
                if (t >= _end)
                {
                    return false;
                }

                ref var success = ref Site(t, SampleAction.PaymentSuccess, cookie);
                success.Variant = variant;
                success.AmountCents = amount;
                p.Purchases++;
                p.OnlinePurchases++;
                return true;
            }

            if (attempt > 0 || !_r.Chance(0.3))
            {
                break;
            }

            t += _r.Chance(0.5) ? _r.Between(60, 1800) : _r.Between(3600, 30 * 3600);
        }

        FailedPayment(t);
        return false;
    }

    private void FailedPayment(long t)
    {
        var bug = _p.Mini && t >= PaymentBugStart;
        if (_r.Chance(bug ? 0.2 : 0.06))
        {
            Ticket(t + _r.Between(300, 2 * 86_400), SampleText.PaymentProblem);
        }

        if (_r.Chance(bug ? 0.25 : 0.05))
        {
            Survey(t + _r.Between(3600, 2 * 86_400), RatedTouchpoint.Payment, 3.0, 2.0, EventFlags.FailedPayer);
        }
    }

    private void AfterPurchase(long t, byte cookie, bool store)
    {
        var p = _p;
        if (!store && !p.IsMemberAt(t) && _r.Chance(0.6))
        {
            Register(t + _r.Between(60, 600), p.Mini ? SampleChannel.MiniProgram : SampleChannel.Website);
        }

        PostPurchase(t, store, 0.15, 0.22);
        if (_lastNps >= 9 && _r.Chance(0.35) || _r.Chance(0.04))
        {
            var ts = t + _r.Between(2, 10) * Day + _r.Next(36_000);
            if (p.Mini)
            {
                Site(ts, SampleAction.Share, cookie);
            }
            else if (!store)
            {
                Site(ts, SampleAction.Review, cookie).Ref = _r.Next(200);
            }
        }

        // Repurchase: members come back more often; median interval about 30 days.
        var last = t;
        for (var n = 0; n < 5; n++)
        {
            var chance = n == 0 ? p.IsMemberAt(last) ? 0.62 : 0.3 : 0.4;
            if (!_r.Chance(chance))
            {
                break;
            }

            var interval = Math.Max(5.0, _r.LogNormal(30, 0.45));
            var tr = last - last % Day + (long)interval * Day + HourOf(store ? _storeHours : _hours) * Hour + _r.Next(3600);
            if (tr >= _end)
            {
                break;
            }

            var atStore = store || p.IsMemberAt(tr) && _r.Chance(0.12);
            if (atStore)
            {
                StorePurchase(tr);
            }
            else
            {
                var c = NextCookie();
                Site(tr, SampleAction.ProductView, c).Ref = _r.Next(200);
                tr += _r.Between(30, 600);
                Site(tr, SampleAction.AddToCart, c).Ref = _r.Next(200);
                tr += _r.Between(30, 600);
                if (!Attempt(ref tr, c, Amount(259, 0.55), repeat: true))
                {
                    break;
                }
            }

            PostPurchase(tr, atStore, 0.12, 0.15);
            last = tr;
        }
    }

    private void PostPurchase(long t, bool store, double ticketRate, double surveyRate)
    {
        if (_r.Chance(ticketRate))
        {
            var category = (byte)_r.Pick(SampleText.TicketCategoryWeights);
            if (category == SampleText.PaymentProblem)
            {
                category = 0;
            }

            Ticket(t + _r.Between(1, 10) * Day + _r.Next(36_000), category);
        }

        if (_r.Chance(surveyRate))
        {
            var ts = t + _r.Between(1, 3) * Day + _r.Next(36_000);
            if (store)
            {
                Survey(ts, RatedTouchpoint.StorePos, 8.3, 1.6);
            }
            else
            {
                var x = _r.NextDouble();
                if (x < 0.6)
                {
                    Survey(ts, RatedTouchpoint.Payment, 7.4, 1.9);
                }
                else if (x < 0.85 || !_p.IsMemberAt(ts))
                {
                    Survey(ts, RatedTouchpoint.ProductPage, 7.6, 1.8);
                }
                else
                {
                    Survey(ts, RatedTouchpoint.MemberCenter, 7.0, 2.0);
                }
            }
        }
    }

    /// <summary>A service ticket: phone takes far longer than online chat or WeCom; resolved after-sales tickets may get a survey.</summary>
    private void Ticket(long open, byte category)
    {
        var p = _p;
        var x = _r.NextDouble();
        var channel = x < 0.35 ? SampleChannel.Phone : x < 0.8 ? SampleChannel.OnlineChat : SampleChannel.WeCom;
        var number = ++_ticketCounter;
        var flags = channel != SampleChannel.Phone && p.IsMemberAt(open) && _r.Chance(0.85) ? EventFlags.WithMember : EventFlags.WithPhone;
        ref var o = ref Add(open, SampleSource.Tickets, SampleAction.TicketOpen);
        o.Channel = channel;
        o.Ref = number;
        o.Category = category;
        o.Flags |= flags;
        var hours = channel switch
        {
            SampleChannel.Phone => _r.LogNormal(30, 0.55),
            SampleChannel.OnlineChat => _r.LogNormal(4, 0.7),
            _ => _r.LogNormal(7, 0.6),
        };
        var resolved = open + Math.Max(120, (long)(hours * 3600));
        ref var r = ref Add(resolved, SampleSource.Tickets, SampleAction.TicketResolve);
        r.Channel = channel;
        r.Ref = number;
        r.Category = category;
        r.Flags |= flags;
        if (resolved < _end && _r.Chance(0.42))
        {
            var mean = channel switch { SampleChannel.Phone => 2.4, SampleChannel.OnlineChat => 5.0, _ => 5.5 };
            Survey(resolved + _r.Between(2 * 3600, 48 * 3600), RatedTouchpoint.AfterSales, mean, 2.2);
        }
    }

    private void Survey(long t, RatedTouchpoint rated, double mean, double sd, EventFlags extra = EventFlags.None)
    {
        var p = _p;
        var nps = (int)Math.Round(mean + sd * _r.Normal());
        nps = Math.Clamp(nps, 0, 10);
        _lastNps = nps;
        var csat = Math.Clamp((int)Math.Round(1 + nps * 0.4 + 0.5 * _r.Normal()), 1, 5);
        ref var e = ref Add(t, SampleSource.Survey, SampleAction.NpsResponse);
        e.Category = (byte)rated;
        e.Nps = (byte)nps;
        e.Csat = (byte)csat;
        e.Flags |= extra | (p.IsMemberAt(t) ? EventFlags.WithMember : EventFlags.WithPhone);
        e.Channel = p.IsMemberAt(t) ? (p.HasWeChat ? (_r.Chance(0.5) ? SampleChannel.OfficialAccount : SampleChannel.MiniProgram) : SampleChannel.WeCom) : SampleChannel.WeCom;
        var pool = SampleText.Comments[(int)rated];
        if (_r.Chance(0.4))
        {
            e.Comment = -1;
            return;
        }

        var sentiment = nps <= 6 ? 0 : nps <= 8 ? 1 : 2;
        var texts = pool[sentiment];
        // Failed payers on the mini-program after the 11-17 bug say so in their own words.
        e.Comment = (short)(sentiment * 100 + ((extra & EventFlags.FailedPayer) != 0 ? _r.Next(Math.Min(5, texts.Length)) : _r.Next(texts.Length)));
    }

    private void Register(long t, SampleChannel channel)
    {
        var p = _p;
        if (p.MemberSince != long.MaxValue || t >= _end)
        {
            return;
        }

        p.MemberSince = t;
        ref var e = ref Add(t, SampleSource.Crm, SampleAction.MemberRegister);
        e.Channel = channel;
    }

    private void AdRow(long t, SampleAction action, int campaign, bool viaDevice)
    {
        ref var e = ref Add(t, SampleSource.Ads, action);
        e.Channel = _p.Acquisition;
        e.Ref = campaign;
        if (viaDevice)
        {
            // Limited ad tracking on iOS reports an all-zero device id for some rows.
            e.Flags |= EventFlags.ViaDevice | (_r.Chance(0.06) ? EventFlags.ZeroDevice : EventFlags.None);
        }
    }

    private int CampaignFor(long day) => day >= Double11 - 10 * Day && day <= Double11 ? 2 : _r.Next(2);

    /// <summary>A web or mini-program event, depending on the person's platform.</summary>
    private ref SampleEvent Site(long t, SampleAction action, byte cookie)
    {
        var p = _p;
        ref var e = ref Add(t, p.Mini ? SampleSource.MiniProgram : SampleSource.Web, action);
        e.Cookie = cookie;
        if (p.Mini)
        {
            e.Channel = SampleChannel.MiniProgram;
            if (p.TestDevice)
            {
                e.Flags |= EventFlags.TestDevice;
            }
        }
        else
        {
            e.Channel = SampleChannel.Website;
            if (p.IsMemberAt(t) && _r.Chance(0.8))
            {
                e.Flags |= EventFlags.LoggedIn;
            }
            else if (_r.Chance(0.1))
            {
                e.Flags |= EventFlags.JunkMemberId;
            }
        }

        return ref e;
    }

    private ref SampleEvent Add(long t, SampleSource source, SampleAction action)
    {
        if (t >= _end || t < _start)
        {
            _discard = default;
            return ref _discard;
        }

        if (_count == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        ref var e = ref _events[_count++];
        e = default;
        e.Time = t;
        e.Seq = _seq++;
        e.Source = source;
        e.Action = action;
        e.Bits = (uint)_r.NextU64();
        e.Comment = -1;
        return ref e;
    }

    private long NextSession(long t, int minDays, int maxDays) =>
        t - (t % Day) + _r.Between(minDays, maxDays) * Day + HourOf(_hours) * Hour + _r.Next(3600);

    private byte NextCookie() => _r.Chance(0.6) ? (byte)0 : (byte)_r.Next(_p.CookieCount);

    private int HourOf(double[] cumulative) => _r.Pick(cumulative);

    private int Geometric(double p, int max)
    {
        var n = 0;
        while (n < max && !_r.Chance(p))
        {
            n++;
        }

        return n;
    }

    private long Amount(double medianYuan, double sigma)
    {
        var yuan = Math.Max(9, Math.Round(_r.LogNormal(medianYuan, sigma)));
        return (long)yuan * 100 - (_r.Chance(0.5) ? 10 : 0);
    }

    private static double[] Cumulative(double[] weights)
    {
        var result = new double[weights.Length];
        double sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            result[i] = sum;
        }

        return result;
    }
}
