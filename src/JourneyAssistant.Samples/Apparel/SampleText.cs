using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>Names, labels and free-text comments the raw systems write, in their own words (mostly Chinese).</summary>
internal static class SampleText
{
    public static readonly string[] Regions = ["华东", "华北", "华南", "西南", "华中"];
    public static readonly double[] RegionWeights = [0.36, 0.56, 0.80, 0.90, 1.0];

    /// <summary>Two stores per region: id and name.</summary>
    public static readonly string[][] Stores =
    [
        ["SH-001", "上海南京西路店", "HZ-002", "杭州湖滨店"],
        ["BJ-001", "北京三里屯店", "TJ-002", "天津大悦城店"],
        ["GZ-001", "广州天河店", "SZ-002", "深圳万象城店"],
        ["CD-001", "成都太古里店", "CQ-002", "重庆解放碑店"],
        ["WH-001", "武汉楚河汉街店", "CS-002", "长沙五一广场店"],
    ];

    /// <summary>Ad platform names as the ad export writes them (index = SampleChannel Douyin/Moments/Search).</summary>
    public static readonly string[] AdPlatforms = ["抖音", "朋友圈广告", "百度搜索"];

    /// <summary>Campaign ids per ad platform: [regular, regular, Double 11].</summary>
    public static readonly string[][] CampaignIds =
    [
        ["DY-2608", "DY-2609", "DY-2611"],
        ["WM-2608", "WM-2609", "WM-2611"],
        ["BD-2608", "BD-2609", "BD-2611"],
    ];

    /// <summary>Campaign names, same shape as <see cref="CampaignIds"/>.</summary>
    public static readonly string[][] CampaignNames =
    [
        ["抖音信息流_秋季新品", "抖音达人种草", "双11狂欢_抖音"],
        ["朋友圈_品牌故事", "朋友圈_会员日", "双11_朋友圈"],
        ["百度品牌词", "百度竞品词", "双11_搜索"],
    ];

    public static readonly string[] Articles =
    [
        "秋冬新品上市｜这件外套闭眼入", "会员日福利来了", "双11攻略：怎么买最划算", "门店新开业，到店有礼",
        "用户故事：我和品牌的三年", "保养指南：让衣物更耐穿", "限时直播预告", "新品预售开启",
    ];

    public static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (iPhone; iOS 17_6) MicroMessenger/8.0.50",
        "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile",
        "Mozilla/5.0 (Windows NT 10.0; Win64) Chrome/129.0",
        "Mozilla/5.0 (Macintosh; Mac OS X 14_5) Safari/605.1",
        "Mozilla/5.0 (Linux; Android 13) aweme/31.2.0 Mobile",
    ];

    public static readonly string[] TicketCategories = ["退款", "物流", "质量问题", "发票", "支付问题", "其他"];
    public const byte PaymentProblem = 4;
    public static readonly double[] TicketCategoryWeights = [0.32, 0.58, 0.78, 0.86, 0.90, 1.0];

    public static readonly string[] AgentGroups = ["售后一组", "售后二组", "在线客服组", "企微专属顾问"];

    /// <summary>Raw touchpoint names the survey tool writes (index = RatedTouchpoint).</summary>
    public static readonly string[] RatedTouchpoints = ["售后服务", "支付页", "门店收银", "商品详情页", "咨询", "会员中心"];

    /// <summary>Comments per rated touchpoint: [negative…], [neutral…], [positive…].</summary>
    public static readonly string[][][] Comments =
    [
        // after_sales
        [
            ["退款太慢，等了两周还没到账", "客服等太久，电话一直排队", "电话客服转了三次才解决", "售后处理太慢了", "退货流程太复杂",
             "打了好几次热线都没人接", "退款慢", "等太久", "Refund is too slow, still waiting after 2 weeks", "Waited too long on the hotline"],
            ["问题解决了，但是等的时间有点长", "客服态度还可以", "处理结果一般", "OK but slow"],
            ["在线客服回复很快，问题解决了", "企业微信顾问很贴心", "售后很专业", "great service, solved in minutes"],
        ],
        // payment
        [
            ["支付总是失败", "付款页面卡住了", "小程序付款一直转圈", "支付失败了好几次，只好放弃", "小程序支付失败，提示系统繁忙",
             "Payment failed twice", "付款步骤太多"],
            ["支付还行，就是步骤有点多", "物流一般", "还可以", "Checkout was fine"],
            ["支付很顺畅", "物流很快", "包装很好，物流很快", "The \"one page\" checkout is great", "fast delivery, great service"],
        ],
        // store_pos
        [
            ["门店排队结账太久", "店员不太熟悉会员积分", "收银台只开了一个", "long queue at the till"],
            ["门店体验还可以", "价格和线上一样", "OK"],
            ["店员很热情", "门店体验很好", "great service in store", "试穿很方便，店员很专业"],
        ],
        // product_page
        [
            ["图片和实物有色差", "尺码说明不清楚", "希望多一些用户评价", "product photos differ from the real item"],
            ["商品信息基本清楚", "还可以"],
            ["商品详情写得很清楚", "product info was clear", "买家秀很有参考价值"],
        ],
        // consultation
        [
            ["咨询半天没人回", "客服回复太慢", "问了三个问题只回答了一个", "no one answered my question"],
            ["客服回答还行", "回复有点慢"],
            ["售前客服很专业", "推荐的尺码很合适", "quick and helpful answers"],
        ],
        // member_center
        [
            ["会员积分规则看不懂", "优惠券总是用不了", "points rules are confusing"],
            ["会员权益一般", "还可以"],
            ["会员折扣很实惠", "生日券很贴心", "love the member discounts"],
        ],
    ];

    public static readonly string[] MiniPages =
    [
        "pages/index/index", "pages/goods/detail", "pages/service/chat", "pages/cart/cart", "pages/order/confirm",
        "pages/pay/cashier", "pages/pay/result", "pages/share/poster",
    ];

    public static readonly int[] MiniScenes = [1045, 1035, 1001, 1007, 1089, 1011];

    public static readonly string[] PaymentMethods = ["微信支付", "支付宝", "银行卡", "现金"];
}
