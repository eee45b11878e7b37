using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

// Checkout and payment, with the planted payment problems.
internal sealed partial class JourneySimulator
{
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
}
