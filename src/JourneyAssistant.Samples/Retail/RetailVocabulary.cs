namespace JourneyAssistant.Samples.Retail;

/// <summary>One step a retail customer can take, before the chain's systems name it.</summary>
internal enum RetailStep : byte
{
    AdClick,
    ViewItem,
    Chat,
    PayPage,
    PaySuccess,
    Pickup,
    StoreSale,
    RepeatPurchase,
    TicketOpened,
    TicketResolved,
    Survey,
}

/// <summary>The channels the chain acquires people through, in its own words.</summary>
internal enum RetailChannel : byte
{
    Facebook,
    Instagram,
    PaidSearch,
    OnlineDisplay,
    Store,
}

/// <summary>How a step is written: the chain's own touchpoint and event names, its stage, file and channel.</summary>
/// <param name="Channel">The channel name written; null means the person's acquisition channel.</param>
internal sealed record RetailStepNames(string Touchpoint, string Event, string Stage, int Source, string? Channel, bool Amount);

/// <summary>
/// The chain's vocabulary: the names its exports use and, for each, the canonical id a correct mapping gives it
/// ("new" when our dictionary has nothing it means). The one table both the writer and the ground truth read,
/// so the truth can never drift from the data.
/// </summary>
internal static class RetailVocabulary
{
    /// <summary>What a name should map to when our vocabulary has no equivalent: keep it as the chain's own.</summary>
    public const string New = "new";

    public static readonly string[] Sources = ["ads", "shop", "stores", "service"];

    public static readonly string[] ChannelNames = ["Facebook", "Instagram", "Paid Search", "Online Display", "门店"];

    public static readonly string[] Regions = ["华东", "华北", "华南", "西南", "华中"];

    private static readonly RetailStepNames[] _steps =
    [
        new("广告点击", "ad_click", "awareness", 0, null, false),
        new("商品详情", "view_item", "consideration", 1, "官网", false),
        new("在线客服", "service_chat", "consideration", 3, "在线客服", false),
        new("支付页", "pay_page_view", "purchase", 1, "官网", true),
        new("支付成功", "pay_success", "purchase", 1, "官网", true),
        new("门店自提", "pickup_complete", "purchase", 2, "门店", false),
        new("门店收银", "store_sale", "purchase", 2, "门店", true),
        new("复购", "repeat_purchase", "retention", 1, "官网", true),
        new("售后热线", "ticket_opened", "retention", 3, "热线", false),
        new("售后热线", "ticket_resolved", "retention", 3, "热线", false),
        new("问卷", "survey_response", "advocacy", 3, "企业微信", false),
    ];

    /// <summary>(kind, the chain's name, the canonical id it means or <see cref="New"/>), for every name the exports use.</summary>
    public static readonly (string Kind, string Name, string Canonical)[] Names =
    [
        ("touchpoint", "广告点击", "ad"),
        ("touchpoint", "商品详情", "product_page"),
        ("touchpoint", "在线客服", "consultation"),
        ("touchpoint", "支付页", "payment"),
        ("touchpoint", "支付成功", "payment"),
        ("touchpoint", "门店自提", "store_pos"),
        ("touchpoint", "门店收银", "store_pos"),
        ("touchpoint", "复购", New),
        ("touchpoint", "售后热线", "after_sales"),
        ("touchpoint", "问卷", "nps_survey"),
        ("event", "ad_click", "ad_click"),
        ("event", "view_item", "product_view"),
        ("event", "service_chat", "consult_start"),
        ("event", "pay_page_view", "payment_start"),
        ("event", "pay_success", "payment_success"),
        ("event", "pickup_complete", New),
        ("event", "store_sale", "store_purchase"),
        ("event", "repeat_purchase", "payment_success"),
        ("event", "ticket_opened", "ticket_open"),
        ("event", "ticket_resolved", "ticket_resolve"),
        ("event", "survey_response", "nps_response"),
        ("channel", "Facebook", New),
        ("channel", "Instagram", New),
        ("channel", "Paid Search", "search"),
        ("channel", "Online Display", New),
        ("channel", "门店", "store"),
        ("channel", "官网", "website"),
        ("channel", "在线客服", "online_chat"),
        ("channel", "热线", "phone"),
        ("channel", "企业微信", "wecom"),
    ];

    public static RetailStepNames Step(RetailStep step) => _steps[(int)step];

    /// <summary>The steps that are a purchase (they carry the order amount and count as a conversion).</summary>
    public static bool IsPurchase(RetailStep step) => step is RetailStep.PaySuccess or RetailStep.StoreSale or RetailStep.RepeatPurchase;
}
