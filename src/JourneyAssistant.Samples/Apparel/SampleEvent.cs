using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>The raw system an event is exported from; each has its own file, conventions and mapping.</summary>
internal enum SampleSource : byte
{
    Ads,
    Web,
    MiniProgram,
    Pos,
    Crm,
    Tickets,
    Survey,
    OfficialAccount,
}

/// <summary>What happened, before any system names it.</summary>
internal enum SampleAction : byte
{
    AdImpression,
    AdClick,
    ContentView,
    ArticleShare,
    PageView,
    ProductView,
    Consult,
    AddToCart,
    CheckoutStart,
    OrderCreate,
    PaymentStart,
    PaymentSuccess,
    Share,
    Review,
    StorePurchase,
    MemberRegister,
    TicketOpen,
    TicketResolve,
    NpsResponse,
}

/// <summary>Channels the generator uses (ad platform, register channel, service channel, survey channel).</summary>
internal enum SampleChannel : byte
{
    Douyin,
    Moments,
    Search,
    OfficialAccount,
    Website,
    MiniProgram,
    Store,
    Phone,
    OnlineChat,
    WeCom,
}

/// <summary>Touchpoints a survey response can rate.</summary>
internal enum RatedTouchpoint : byte
{
    AfterSales,
    Payment,
    StorePos,
    ProductPage,
    Consultation,
    MemberCenter,
}

/// <summary>Junk-identifier and formatting choices for one row, decided at simulation time so duplicates stay identical.</summary>
[Flags]
internal enum EventFlags : ushort
{
    None = 0,
    LoggedIn = 1,
    StorePhone = 2,
    JunkMemberId = 4,
    TestDevice = 8,
    ZeroDevice = 16,
    ViaDevice = 32,
    WithPhone = 64,
    WithMember = 128,
    Walkin = 256,
    FailedPayer = 512,
}

/// <summary>One simulated event of one person; a value type so a person's buffer is reused without allocation.</summary>
internal struct SampleEvent
{
    /// <summary>Local Beijing time as seconds since 1970-01-01 00:00 (zone applied only when formatting).</summary>
    public long Time;
    public int Seq;
    public SampleSource Source;
    public SampleAction Action;
    public SampleChannel Channel;
    public byte Cookie;
    public byte Variant;
    public byte Category;
    public byte Nps;
    public byte Csat;
    public EventFlags Flags;
    public short Comment;
    public int Ref;
    public long AmountCents;
    /// <summary>Random bits for cosmetic per-row choices (milliseconds, user agent, phone style).</summary>
    public uint Bits;
}
