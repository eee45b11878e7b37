using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

// The online and in-store journeys up to a purchase.
internal sealed partial class JourneySimulator
{
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
}
