using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>Writes the canonical touchpoint format (issue 2 §3), one CSV per source, for the ingest benchmark.</summary>
internal sealed class CanonicalExportSink : SampleSink
{
    public const string Header = "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties";

    private static readonly string[] ChannelIds = ["douyin", "wechat_moments", "search", "official_account", "website", "mini_program", "store", "phone", "online_chat", "wecom"];
    private static readonly string[] RatedTouchpointIds = ["after_sales", "payment", "store_pos", "product_page", "consultation", "member_center"];
    private static readonly string[] SourceNames = ["ads", "web_analytics", "mini_program", "store_pos", "crm", "service_tickets", "nps_survey", "official_account"];
    private readonly LineBuilder _json = new();

    public CanonicalExportSink(string directory, ulong seed)
        : base(seed)
    {
        for (var s = 0; s < SourceNames.Length; s++)
        {
            Open((SampleSource)s, Path.Combine(directory, $"touchpoints_{SourceNames[s]}.csv"), SourceNames[s], Header, seed);
        }
    }

    public override bool Supports(SampleSource source, RowDefect defect) =>
        defect is RowDefect.BadTimestamp or RowDefect.UnknownStage or RowDefect.InvalidJson or RowDefect.MissingEvent;

    protected override void Format(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        Line.AddHex(id, 16).Add(',');
        if (defect == RowDefect.BadTimestamp)
        {
            Line.Add("2026-11-31T25:00:00Z");
        }
        else
        {
            Line.AddTime(e.Time, 0, (e.Bits & 1) == 0 ? TimeStyle.IsoOffset : TimeStyle.IsoUtc);
        }

        var (touchpoint, evt) = Names(in e);
        Line.Add(',').Add(SourceNames[(int)e.Source]).Add(',').Add(ChannelIds[(int)e.Channel]).Add(',').Add(touchpoint).Add(',')
            .Add(defect == RowDefect.MissingEvent ? "" : evt).Add(',').Add(defect == RowDefect.UnknownStage ? "stage_x" : "").Add(",,");

        // member_id, phone, wechat_openid, wechat_unionid, device_id, cookie_id
        var member = e.Source switch
        {
            SampleSource.Crm => true,
            SampleSource.Web => (e.Flags & EventFlags.LoggedIn) != 0,
            _ => (e.Flags & EventFlags.WithMember) != 0,
        };
        if (member)
        {
            Ids.Member(Line, p.Index);
        }
        else if ((e.Flags & EventFlags.JunkMemberId) != 0)
        {
            Line.Add(SampleIdentity.JunkMemberIds[(e.Bits >> 3) % 3]);
        }

        Line.Add(',');
        if ((e.Flags & EventFlags.StorePhone) != 0)
        {
            Line.Add(SampleIdentity.StorePhone);
        }
        else if (e.Source == SampleSource.Crm || (e.Flags & EventFlags.WithPhone) != 0)
        {
            Ids.Phone(Line, p.Index, (int)(e.Bits & 3));
        }

        Line.Add(',');
        if (e.Source == SampleSource.MiniProgram)
        {
            Ids.MiniOpenId(Line, p.Index);
        }
        else if (e.Source == SampleSource.OfficialAccount)
        {
            Ids.OfficialAccountOpenId(Line, p.Index);
        }

        Line.Add(',');
        if (p.HasUnion && e.Source is SampleSource.MiniProgram or SampleSource.OfficialAccount or SampleSource.Crm)
        {
            Ids.UnionId(Line, p.Index);
        }

        Line.Add(',');
        if ((e.Flags & EventFlags.TestDevice) != 0)
        {
            Line.Add(SampleIdentity.TestDevice);
        }
        else if ((e.Flags & EventFlags.ZeroDevice) != 0)
        {
            Line.Add(SampleIdentity.ZeroDevice);
        }
        else if (e.Source == SampleSource.MiniProgram || (e.Flags & EventFlags.ViaDevice) != 0)
        {
            Ids.Device(Line, p.Index);
        }

        Line.Add(',');
        if (e.Source == SampleSource.Web || e.Source == SampleSource.Ads && (e.Flags & EventFlags.ViaDevice) == 0)
        {
            Ids.Cookie(Line, p.Index, Math.Min(e.Cookie, (byte)(p.CookieCount - 1)));
        }

        Line.Add(',');
        if (e.AmountCents > 0 && e.Source != SampleSource.Ads)
        {
            Line.AddAmount(e.AmountCents);
        }

        Line.Add(',');
        _json.Clear();
        _json.Add("{\"region\":\"").Add(SampleText.Regions[p.Region]).Add('"');
        switch (e.Source)
        {
            case SampleSource.Ads:
                _json.Add(",\"campaign\":\"").Add(SampleText.CampaignNames[(int)e.Channel][e.Ref]).Add("\",\"campaign_id\":\"")
                    .Add(SampleText.CampaignIds[(int)e.Channel][e.Ref]).Add("\"");
                break;
            case SampleSource.Tickets:
                _json.Add(",\"ticket_id\":\"TK").AddPadded(e.Ref, 8).Add("\",\"category\":\"").Add(SampleText.TicketCategories[e.Category]).Add('"');
                break;
            case SampleSource.Survey:
                _json.Add(",\"nps\":").AddInt(e.Nps).Add(",\"csat\":").AddInt(e.Csat);
                if (e.Comment >= 0)
                {
                    _json.Add(",\"comment\":").AddJsonString(SampleText.Comments[e.Category][e.Comment / 100][e.Comment % 100]);
                }

                break;
            case SampleSource.OfficialAccount:
                _json.Add(",\"article\":").AddJsonString(SampleText.Articles[e.Ref]);
                break;
        }

        if (e.Variant > 0)
        {
            _json.Add(",\"experiment\":\"one_page_checkout\",\"variant\":\"").Add(e.Variant == 1 ? 'A' : 'B').Add('"');
        }

        _json.Add('}');
        if (defect == RowDefect.InvalidJson)
        {
            _json.Truncate(_json.Length - 1);
        }

        Line.AddCsv(_json.Span);
    }

    private static (string Touchpoint, string Event) Names(in SampleEvent e) => e.Action switch
    {
        SampleAction.AdImpression => ("ad", "ad_impression"),
        SampleAction.AdClick => ("ad", "ad_click"),
        SampleAction.ContentView => ("content", "content_view"),
        SampleAction.ArticleShare => ("referral", "referral_share"),
        SampleAction.PageView => ("landing_page", "page_view"),
        SampleAction.ProductView => ("product_page", "product_view"),
        SampleAction.Consult => ("consultation", "consult_start"),
        SampleAction.AddToCart => ("cart", "add_to_cart"),
        SampleAction.CheckoutStart or SampleAction.OrderCreate => ("checkout", "checkout_start"),
        SampleAction.PaymentStart => ("payment", "payment_start"),
        SampleAction.PaymentSuccess => ("payment", "payment_success"),
        SampleAction.Share => ("referral", "referral_share"),
        SampleAction.Review => ("referral", "review_post"),
        SampleAction.StorePurchase => ("store_pos", "store_purchase"),
        SampleAction.MemberRegister => ("member_center", "member_register"),
        SampleAction.TicketOpen => ("after_sales", "ticket_open"),
        SampleAction.TicketResolve => ("after_sales", "ticket_resolve"),
        SampleAction.NpsResponse => (RatedTouchpointIds[e.Category], "nps_response"),
        _ => ("", ""),
    };
}
