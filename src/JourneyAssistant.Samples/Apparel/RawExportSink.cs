using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>Writes each source the way its system exports it: own columns, names, time formats and identifier styles.</summary>
internal sealed class RawExportSink : SampleSink
{
    public const string AdsFile = "ads_export.csv";
    public const string WebFile = "web_analytics.csv";
    public const string MiniFile = "miniprogram_events.jsonl";
    public const string PosFile = "pos_transactions.csv";
    public const string CrmFile = "crm_members.csv";
    public const string TicketsFile = "service_tickets.csv";
    public const string SurveyFile = "nps_survey.csv";
    public const string OfficialAccountFile = "oa_article_reads.csv";

    private static readonly string[] ServiceChannelNames = ["", "", "", "", "", "", "", "电话", "在线客服", "企业微信"];
    private static readonly string[] RegisterChannelNames = ["", "", "", "公众号", "官网", "小程序", "门店", "", "", "企业微信"];

    public RawExportSink(string directory, ulong seed)
        : base(seed)
    {
        Open(SampleSource.Ads, Path.Combine(directory, AdsFile), "ads", "log_id,event_time,platform,campaign,campaign_id,event_type,cookie_id,device_id,region,cost", seed);
        Open(SampleSource.Web, Path.Combine(directory, WebFile), "web_analytics", "hit_id,ts,cookie_id,member_id,event,page_type,page_url,funnel_stage,utm_source,region,order_amount,experiment,variant,user_agent,ip", seed);
        Open(SampleSource.MiniProgram, Path.Combine(directory, MiniFile), "mini_program", null, seed);
        Open(SampleSource.Pos, Path.Combine(directory, PosFile), "store_pos", "txn_no,txn_time,store_id,store_name,store_region,member_card,phone,amount,items,payment_method,cashier", seed);
        Open(SampleSource.Crm, Path.Combine(directory, CrmFile), "crm", "member_id,phone,wechat_unionid,register_time,register_channel,region,level", seed);
        Open(SampleSource.Tickets, Path.Combine(directory, TicketsFile), "service_tickets", "ticket_id,action,event_time,service_channel,phone,member_id,category,region,agent_group", seed);
        Open(SampleSource.Survey, Path.Combine(directory, SurveyFile), "nps_survey", "response_id,submitted_at,member_id,phone,survey_channel,rated_touchpoint,nps,csat,comment,region", seed);
        Open(SampleSource.OfficialAccount, Path.Combine(directory, OfficialAccountFile), "official_account", "msg_id,action,read_time,openid,unionid,article_title,region", seed);
    }

    /// <summary>CRM, tickets and article reads have no event id of their own (it is hashed from columns), so a broken copy would collide with its original.</summary>
    public override bool Supports(SampleSource source, RowDefect defect) => source switch
    {
        SampleSource.Ads or SampleSource.Pos or SampleSource.Survey => defect == RowDefect.BadTimestamp,
        SampleSource.Web => defect is RowDefect.BadTimestamp or RowDefect.UnknownStage or RowDefect.MissingEvent or RowDefect.UnknownEvent,
        SampleSource.MiniProgram => defect is RowDefect.BadTimestamp or RowDefect.InvalidJson or RowDefect.MissingEvent,
        _ => false,
    };

    protected override void Format(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        switch (e.Source)
        {
            case SampleSource.Ads: Ads(in e, p, id, defect); break;
            case SampleSource.Web: Web(in e, p, id, defect); break;
            case SampleSource.MiniProgram: Mini(in e, p, id, defect); break;
            case SampleSource.Pos: Pos(in e, p, id, defect); break;
            case SampleSource.Crm: Crm(in e, p); break;
            case SampleSource.Tickets: Ticket(in e, p); break;
            case SampleSource.Survey: Survey(in e, p, id, defect); break;
            case SampleSource.OfficialAccount: Article(in e, p); break;
        }
    }

    private void Ads(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        var ch = (int)e.Channel;
        var click = e.Action == SampleAction.AdClick;
        Line.AddHex(id, 16).Add(',');
        if (defect == RowDefect.BadTimestamp)
        {
            Line.Add((e.Bits & 1) == 0 ? "N/A" : "2026-13-45T25:61:00Z");
        }
        else
        {
            Line.AddTime(e.Time, 0, TimeStyle.IsoUtc);
        }

        Line.Add(',').Add(SampleText.AdPlatforms[ch]).Add(',').Add(SampleText.CampaignNames[ch][e.Ref]).Add(',')
            .Add(SampleText.CampaignIds[ch][e.Ref]).Add(',')
            .Add(click ? "click" : "impression").Add(',');
        if ((e.Flags & EventFlags.ViaDevice) == 0)
        {
            Ids.Cookie(Line, p.Index, 0);
            Line.Add(',');
        }
        else
        {
            Line.Add(',');
            if ((e.Flags & EventFlags.ZeroDevice) != 0)
            {
                Line.Add(SampleIdentity.ZeroDevice);
            }
            else
            {
                Ids.Device(Line, p.Index);
            }
        }

        Line.Add(',').Add(SampleText.Regions[p.Region]).Add(',');
        // Cost per row in CNY: CPM-priced impressions, CPC-priced clicks (search clicks cost most).
        Line.AddAmount(click ? ch switch { 0 => 120, 1 => 180, _ => 350 } : ch switch { 0 => 4, 1 => 5, _ => 2 });
    }

    private void Web(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        Line.AddHex(id, 16).Add(',');
        if (defect == RowDefect.BadTimestamp)
        {
            Line.Add((e.Bits & 2) == 0 ? "2026-11-31T25:00:00+08:00" : "yesterday 14:03");
        }
        else
        {
            // The tag manager logs in the browser's zone for some pages and in UTC for others.
            Line.AddTime(e.Time, 0, (e.Bits & 1) == 0 ? TimeStyle.IsoOffset : TimeStyle.IsoUtc);
        }

        Line.Add(',');
        Ids.Cookie(Line, p.Index, Math.Min(e.Cookie, (byte)(p.CookieCount - 1)));
        Line.Add(',');
        if ((e.Flags & EventFlags.LoggedIn) != 0)
        {
            Ids.Member(Line, p.Index);
        }
        else if ((e.Flags & EventFlags.JunkMemberId) != 0)
        {
            Line.Add(SampleIdentity.JunkMemberIds[(e.Bits >> 3) % 3]);
        }

        var (name, pageType, stage) = e.Action switch
        {
            SampleAction.PageView => ("pageview", (e.Bits & 4) == 0 ? "landing" : "home", "兴趣"),
            SampleAction.ProductView => ("view_item", "product", "考虑"),
            SampleAction.Consult => ("chat_start", "consult", "考虑"),
            SampleAction.AddToCart => ("add_cart", "cart", "考虑"),
            SampleAction.CheckoutStart => ("begin_checkout", "checkout", "购买"),
            SampleAction.OrderCreate => ("order_create", "checkout", "购买"),
            SampleAction.PaymentStart => ("pay_start", "payment", "购买"),
            SampleAction.PaymentSuccess => ("pay_success", "payment", "购买"),
            SampleAction.Review => ("rating_submit", "review", "推荐"),
            _ => throw new InvalidOperationException($"{e.Action} is not a web event"),
        };
        if (defect == RowDefect.MissingEvent)
        {
            name = "";
        }
        else if (defect == RowDefect.UnknownEvent)
        {
            name = "heartbeat";
        }
        else if (defect == RowDefect.UnknownStage)
        {
            stage = "阶段未知";
        }

        Line.Add(',').Add(name).Add(',').Add(pageType).Add(',');
        switch (e.Action)
        {
            case SampleAction.PageView: Line.Add('/'); break;
            case SampleAction.ProductView: Line.Add("/p/SKU-").AddPadded(1000 + e.Ref, 4); break;
            case SampleAction.Review: Line.Add("/review/SKU-").AddPadded(1000 + e.Ref, 4); break;
            case SampleAction.Consult: Line.Add("/help/chat"); break;
            case SampleAction.AddToCart: Line.Add("/cart"); break;
            case SampleAction.CheckoutStart: Line.Add("/checkout"); break;
            case SampleAction.OrderCreate: Line.Add("/checkout/submit"); break;
            case SampleAction.PaymentStart: Line.Add("/pay"); break;
            default: Line.Add("/pay/result"); break;
        }

        Line.Add(',').Add(stage).Add(',').Add(p.Acquisition switch
        {
            SampleChannel.Douyin => "douyin",
            SampleChannel.Moments => "wechat",
            SampleChannel.Search => "baidu",
            SampleChannel.OfficialAccount => "wechat_oa",
            _ => "(direct)",
        }).Add(',').Add(SampleText.Regions[p.Region]).Add(',');
        if (e.AmountCents > 0)
        {
            Line.AddAmount(e.AmountCents);
        }

        Line.Add(',');
        if (e.Variant > 0)
        {
            Line.Add("one_page_checkout,").Add(e.Variant == 1 ? 'A' : 'B');
        }
        else
        {
            Line.Add(',');
        }

        Line.Add(',').Add(SampleText.UserAgents[(p.Index + (e.Cookie * 3)) % SampleText.UserAgents.Length]).Add(",10.")
            .AddInt((e.Bits >> 12) & 0xFF).Add('.').AddInt(p.Index & 0xFF).Add('.').AddInt((p.Index >> 8 & 0xFF) | 1);
    }

    private void Mini(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        var (name, page) = e.Action switch
        {
            SampleAction.PageView => ("mp_page_enter", 0),
            SampleAction.ProductView => ("goods_detail_view", 1),
            SampleAction.Consult => ("contact_service", 2),
            SampleAction.AddToCart => ("cart_add", 3),
            SampleAction.CheckoutStart => ("submit_order", 4),
            SampleAction.PaymentStart => ("cashier_view", 5),
            SampleAction.PaymentSuccess => ("pay_success", 6),
            SampleAction.Share => ("share_app_message", 7),
            _ => throw new InvalidOperationException($"{e.Action} is not a mini-program event"),
        };
        Line.Add("{\"event_id\":\"").AddHex(id, 16).AddHex(SampleRandom.Mix(id), 16).Add("\",\"event_name\":\"")
            .Add(defect == RowDefect.MissingEvent ? "" : name).Add("\",\"event_time\":\"");
        if (defect == RowDefect.BadTimestamp)
        {
            Line.Add("2026-11-09 25:61:00.000");
        }
        else
        {
            Line.AddTime(e.Time, (int)((e.Bits >> 4) % 1000), TimeStyle.NaiveMillis);
        }

        Line.Add("\",\"openid\":\"");
        Ids.MiniOpenId(Line, p.Index);
        Line.Add('"');
        if (p.HasUnion)
        {
            Line.Add(",\"unionid\":\"");
            Ids.UnionId(Line, p.Index);
            Line.Add('"');
        }

        Line.Add(",\"device_id\":\"");
        if ((e.Flags & EventFlags.TestDevice) != 0)
        {
            Line.Add(SampleIdentity.TestDevice);
        }
        else
        {
            Ids.Device(Line, p.Index);
        }

        Line.Add("\",\"page\":\"").Add(SampleText.MiniPages[page]).Add("\",\"scene\":")
            .AddInt(p.Acquisition == SampleChannel.Moments ? 1045 : SampleText.MiniScenes[(e.Bits >> 14) % SampleText.MiniScenes.Length])
            .Add(",\"region\":\"").Add(SampleText.Regions[p.Region]).Add('"');
        if (e.Action is SampleAction.ProductView or SampleAction.AddToCart)
        {
            Line.Add(",\"sku\":\"SKU-").AddPadded(1000 + e.Ref, 4).Add('"');
        }

        if (e.AmountCents > 0)
        {
            Line.Add(",\"amount\":").AddAmount(e.AmountCents);
        }

        if (e.Variant > 0)
        {
            Line.Add(",\"experiment\":\"one_page_checkout\",\"variant\":\"").Add(e.Variant == 1 ? 'A' : 'B').Add('"');
        }

        Line.Add('}');
        if (defect == RowDefect.InvalidJson)
        {
            // A line cut off mid-write by the SDK's upload: not valid JSON.
            Line.Truncate(Line.Length * 2 / 3);
        }
    }

    private void Pos(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        var store = SampleText.Stores[p.Region];
        Line.Add("POS").AddHex(id, 12).Add(',');
        if (defect == RowDefect.BadTimestamp)
        {
            Line.Add("2026/02/30 12:00:00");
        }
        else
        {
            Line.AddTime(e.Time, 0, TimeStyle.NaiveSlash);
        }

        Line.Add(',').Add(store[e.Ref * 2]).Add(',').Add(store[e.Ref * 2 + 1]).Add(',').Add(SampleText.Regions[p.Region]).Add(',');
        if ((e.Flags & EventFlags.WithMember) != 0)
        {
            Ids.Member(Line, p.Index);
        }

        Line.Add(',');
        if ((e.Flags & EventFlags.StorePhone) != 0)
        {
            Line.Add(SampleIdentity.StorePhone);
        }
        else if ((e.Flags & EventFlags.WithPhone) != 0)
        {
            Ids.Phone(Line, p.Index, (int)(e.Bits & 3));
        }

        Line.Add(',').AddAmount(e.AmountCents).Add(',').AddInt(1 + (e.Bits >> 4) % 4).Add(',')
            .Add(SampleText.PaymentMethods[(e.Bits >> 8) % 4]).Add(",C").AddPadded((e.Bits >> 12) % 30, 3);
    }

    private void Crm(in SampleEvent e, SamplePerson p)
    {
        Ids.Member(Line, p.Index);
        Line.Add(',');
        Ids.Phone(Line, p.Index, 0);
        Line.Add(',');
        if (p.HasUnion)
        {
            Ids.UnionId(Line, p.Index);
        }

        Line.Add(',').AddTime(e.Time, 0, TimeStyle.Naive).Add(',').Add(RegisterChannelNames[(int)e.Channel]).Add(',')
            .Add(SampleText.Regions[p.Region]).Add(",普通会员");
    }

    private void Ticket(in SampleEvent e, SamplePerson p)
    {
        Line.Add("TK").AddPadded(e.Ref, 8).Add(',').Add(e.Action == SampleAction.TicketOpen ? "created" : "resolved").Add(',')
            .AddTime(e.Time, 0, TimeStyle.Naive).Add(',').Add(ServiceChannelNames[(int)e.Channel]).Add(',');
        if ((e.Flags & EventFlags.WithPhone) != 0)
        {
            Ids.Phone(Line, p.Index, (int)(e.Bits & 3));
        }

        Line.Add(',');
        if ((e.Flags & EventFlags.WithMember) != 0)
        {
            Ids.Member(Line, p.Index);
        }

        Line.Add(',').Add(SampleText.TicketCategories[e.Category]).Add(',').Add(SampleText.Regions[p.Region]).Add(',')
            .Add(SampleText.AgentGroups[e.Channel switch { SampleChannel.Phone => e.Ref & 1, SampleChannel.OnlineChat => 2, _ => 3 }]);
    }

    private void Survey(in SampleEvent e, SamplePerson p, ulong id, RowDefect defect)
    {
        Line.Add('R').AddHex(id, 12).Add(',');
        if (defect == RowDefect.BadTimestamp)
        {
            Line.Add("N/A");
        }
        else
        {
            Line.AddTime(e.Time, 0, TimeStyle.UnixSeconds);
        }

        Line.Add(',');
        if ((e.Flags & EventFlags.WithMember) != 0)
        {
            Ids.Member(Line, p.Index);
        }

        Line.Add(',');
        if ((e.Flags & EventFlags.WithPhone) != 0)
        {
            Ids.Phone(Line, p.Index, 0);
        }

        Line.Add(',').Add(RegisterChannelNames[(int)e.Channel]).Add(',').Add(SampleText.RatedTouchpoints[e.Category]).Add(',')
            .AddInt(e.Nps).Add(',').AddInt(e.Csat).Add(',');
        if (e.Comment >= 0)
        {
            Line.AddCsv(SampleText.Comments[e.Category][e.Comment / 100][e.Comment % 100]);
        }

        Line.Add(',').Add(SampleText.Regions[p.Region]);
    }

    private void Article(in SampleEvent e, SamplePerson p)
    {
        Line.Add("2247").AddPadded(480 + e.Ref, 6).Add(',').Add(e.Action == SampleAction.ArticleShare ? "share" : "read").Add(',')
            .AddTime(e.Time, 0, TimeStyle.IsoOffset).Add(',');
        Ids.OfficialAccountOpenId(Line, p.Index);
        Line.Add(',');
        if (p.HasUnion)
        {
            Ids.UnionId(Line, p.Index);
        }

        Line.Add(',').AddCsv(SampleText.Articles[e.Ref]).Add(',').Add(SampleText.Regions[p.Region]);
    }
}
