using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>What the generator knows for certain about the people it simulated (before any stitching), to check planted problems against.</summary>
public sealed class SampleTruth
{
    /// <summary>People with at least one purchase (online or store) inside the window.</summary>
    public long Buyers { get; private set; }

    /// <summary>Buyers with two or more purchases.</summary>
    public long RepeatBuyers { get; private set; }

    /// <summary>Buyers who were members at the end of the window.</summary>
    public long MemberBuyers { get; private set; }

    /// <summary>Member buyers with two or more purchases.</summary>
    public long MemberRepeatBuyers { get; private set; }

    /// <summary>People who reached the payment page at least once.</summary>
    public long ReachedPayment { get; private set; }

    /// <summary>Of those, people with at least one online payment success.</summary>
    public long PaidOnline { get; private set; }

    internal void Record(SamplePerson p, long end)
    {
        if (p.ReachedPayment)
        {
            ReachedPayment++;
            if (p.OnlinePurchases > 0)
            {
                PaidOnline++;
            }
        }

        if (p.Purchases == 0)
        {
            return;
        }

        Buyers++;
        var member = p.MemberSince < end;
        if (member)
        {
            MemberBuyers++;
        }

        if (p.Purchases > 1)
        {
            RepeatBuyers++;
            if (member)
            {
                MemberRepeatBuyers++;
            }
        }
    }
}
