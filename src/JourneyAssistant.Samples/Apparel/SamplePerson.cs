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
