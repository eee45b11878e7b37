using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

// After a purchase: membership, repurchase, service tickets and surveys.
internal sealed partial class JourneySimulator
{
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
}
