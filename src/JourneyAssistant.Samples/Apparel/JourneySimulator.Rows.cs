using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

// The event rows and the random draws every journey step uses.
internal sealed partial class JourneySimulator
{
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
