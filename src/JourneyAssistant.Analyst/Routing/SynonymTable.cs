namespace JourneyAssistant.Analyst.Routing;

/// <summary>
/// Concepts staff express many ways, in both languages. Matching a variant adds the concept's term to the text's terms,
/// applied to questions and skill text alike, so "掉队" meets a skill that says "流失" and "leak" meets "drop-off".
/// </summary>
public static class SynonymTable
{
    /// <summary>Concept term → variants (normalized: lower case; Latin variants match whole words).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Concepts = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["§dropoff"] = ["掉得", "掉这么多", "掉太多", "掉多少", "丢了", "丢掉", "就走", "走了", "走人", "走的人", "不买了", "没付款", "没下单", "弃购", "弃单", "转不过去", "流失率", "churn off", "drop out", "drops out", "dropping", "fall out", "falling off", "流失", "掉队", "跳出", "流走", "掉的人", "掉了", "掉人", "走掉", "放弃", "卡住", "卡在", "溜走", "溜了", "跑了", "跑掉", "流掉", "损失", "漏掉", "没走完", "丢", "瓶颈", "bottleneck", "bottlenecks", "give up", "gives up", "drop-off", "drop off", "dropoff", "drops", "drop", "dropped", "lose", "loses", "losing", "lost", "leak", "leaks", "leaking", "leakage", "abandon", "abandons", "abandoned", "abandonment", "fall off", "falls off", "bail"],
        ["§funnel"] = ["链路", "流程", "这步", "这一步", "一步", "哪步", "几步", "每步", "下一步", "flow", "pipeline", "stage by stage", "step by step", "漏斗", "环节", "哪一步", "步骤", "每一步", "还剩多少", "剩多少", "剩下多少", "还剩", "funnel", "step", "steps"],
        ["§convert"] = ["付钱", "掏钱", "给钱", "付了钱", "真的买", "真买", "paid", "actually buy", "actually bought", "actually pay", "买不买", "买单", "下单率", "成交率", "付费率", "转化效果", "pay off", "pays off", "payoff", "turn into buyers", "into buyers", "into customers", "into paying customers", "purchase rate", "转化", "成交", "转换", "转化率", "成单", "带单", "带来", "投入产出", "roi", "convert", "brings", "bring", "brought", "converts", "conversion", "conversions", "converting", "cvr"],
        ["§repurchase"] = ["复购率", "回购率", "repurchase rate", "repeat purchase rate", "how often", "多久买一次", "买第二次", "第二单", "老客", "frequency", "purchase frequency", "buy more than once", "bought more than once", "复购", "回购", "再次购买", "二次购买", "回头客", "再买", "回来再买", "回来买", "再来买", "come back to buy", "come back and buy", "重复购买", "忠诚", "忠诚度", "粘性", "loyal", "loyalty", "repeat purchase", "repeat purchases", "repurchase", "repurchases", "buy again", "bought again", "purchase again", "purchases again", "order again", "again", "repeat buyers", "repeat customers", "returning customers", "come back to buy"],
        ["§satisfaction"] = ["满意度", "口碑", "满意", "不满", "评分", "打分", "净推荐值", "不开心", "开心", "体验", "生气", "愤怒", "不爽", "angry", "upset", "frustrated", "nps", "csat", "satisfaction", "satisfied", "unhappy", "happy", "promoters", "detractors", "sentiment", "rate us", "rating", "ratings", "rated", "unhappy customers"],
        ["§ticket"] = ["工单", "客服", "服务单", "售后单", "响应时间", "解决时长", "处理时长", "处理时间", "解决率", "接通", "处理完", "ticket", "tickets", "support case", "support cases", "resolution", "resolve", "resolved", "sla", "first response", "service level", "service levels"],
        ["§complaint"] = ["投诉", "抱怨", "吐槽", "差评", "关键词", "骂", "complaint", "complaints", "complain", "complaining", "keywords", "negative comments", "negative", "comments", "comment", "words", "feedback", "complain about", "what do people say", "comments say"],
        ["§attribution"] = ["归因", "功劳", "贡献", "记功", "首次触点", "末次触点", "最后触点", "首触", "末触", "线性", "时间衰减", "attribution", "attribute", "credit", "credited", "first touch", "first-touch", "last touch", "last-touch", "linear", "time decay", "time-decay", "position based", "position-based", "u-shaped"],
        ["§markov"] = ["去掉", "砍掉", "停掉", "不投", "如果没有", "少了", "cut", "cutting", "remove", "removed", "removing", "without", "turn off", "switch off", "stop spending", "马尔可夫", "马尔科夫", "移除效应", "markov", "removal effect", "data-driven"],
        ["§path"] = ["路径", "轨迹", "先后顺序", "顺序", "序列", "怎么走", "路线", "先看", "再看", "然后去", "之后去", "what next", "in what order", "path", "paths", "sequence", "sequences", "route", "routes", "common journeys"],
        ["§retention"] = ["留存", "回访", "留下来", "同期群", "还在", "回来", "cohort", "cohorts", "retention", "retain", "retained", "stick around", "come back", "came back"],
        ["§lifecycle"] = ["生命周期", "分层", "沉睡", "活跃", "新客", "流失用户", "高价值", "有风险", "快流失", "人群", "segment", "segments", "lifecycle", "dormant", "at-risk", "at risk", "active", "churned", "churn", "high-value", "high value"],
        ["§revenue"] = ["值钱", "最值钱", "最赚钱", "价值", "valuable", "most valuable", "worth", "money", "收入", "营收", "销售额", "gmv", "金额", "卖了多少", "流水", "挣", "赚", "钱", "订单额", "业绩", "revenue", "sales", "turnover", "order value", "income", "aov"],
        ["§trend"] = ["趋势", "走势", "每天", "每周", "按周", "按天", "按月", "曲线", "trend", "trends", "over time", "daily", "weekly", "monthly", "trajectory"],
        ["§wow"] = ["环比", "周环比", "比上周", "跟上周比", "和上周比", "涨跌", "涨了", "跌了", "变化", "kpi", "指标", "核心指标", "week over week", "week-over-week", "wow", "compared to last week", "vs last week", "changed", "change", "changes", "up or down"],
        // "上周支付为什么下降": asking why a figure moved is a period comparison with its drivers, not a hunt for odd days.
        ["§why"] = ["为什么下降", "为什么下跌", "为什么减少", "为什么变少", "为什么少了", "为什么降", "为什么跌", "为什么涨", "为什么上升", "为什么增加", "为啥下降", "为啥跌", "为啥少了", "下降的原因", "下跌的原因", "什么导致", "导致的", "why did", "why is", "why are", "what caused", "what drove", "drove the"],
        ["§anomaly"] = ["异常", "突增", "突降", "异动", "离群", "不正常", "奇怪", "暴涨", "暴跌", "anomaly", "anomalies", "anomalous", "spike", "spikes", "dip", "dips", "unusual", "outlier", "outliers", "weird", "odd days", "strange"],
        ["§people"] = ["多少人", "人数", "去重", "独立用户", "用户数", "自然人", "多少用户", "多少个人", "身份打通", "几个id", "多少个id", "unique", "ids", "how many people", "distinct", "how many users", "how many customers", "identity", "stitched", "stitching", "real users", "真实用户"],
        ["§abtest"] = ["ab测试", "a/b", "ab实验", "实验组", "对照组", "实验", "灰度", "改版", "实验效果", "ab test", "a/b test", "experiment", "experiments", "variant", "variants", "split test", "control group", "treatment"],
        ["§journeymap"] = ["旅程地图", "全旅程", "全链路", "概览", "总览", "整体情况", "全景", "各阶段", "journey map", "overview", "end to end", "end-to-end", "big picture", "whole journey", "each stage"],
        ["§time"] = ["多久", "多长时间", "间隔", "耗时", "几天", "要多长", "多快", "how long", "time between", "time to", "time from", "lag", "how fast", "how quickly", "days between", "hours between"],
        ["§exit"] = ["最后一个触点", "离开前", "退出", "离开", "最后停留", "最后看", "走之前", "停在哪", "最后停在", "最后都是在", "最后是在", "最后在哪", "最后都在", "where they were last", "last seen at", "exit", "exits", "leave", "leaves", "left", "bounce", "last page before", "before leaving", "before they leave", "quit"],
        ["§channel"] = ["渠道", "来源", "投放", "平台", "marketing", "channel", "channels", "source", "sources", "platform"],
        ["§touchpoint"] = ["触点", "接触点", "页面", "touchpoint", "touchpoints", "touch point", "page", "pages"],
        ["§stage"] = ["阶段", "stage", "stages"],
        ["§summary"] = ["周报", "周总结", "每周总结", "本周总结", "周报告", "复盘报告", "weekly summary", "weekly report", "week summary", "weekly recap", "weekly review", "summary report"],
        // Who the question is about: every skill counts people, so this adds coverage, not preference.
        ["§who"] = ["用户", "客户", "顾客", "消费者", "买家", "shoppers", "shopper", "customers", "customer", "users", "user", "visitors", "visitor", "people", "buyers", "consumers", "members", "folks"],
        // Filler that carries no topic: it only keeps coverage honest for chatty phrasing.
        ["§filler"] = ["想知道", "想了解", "到底", "究竟", "其实", "感觉", "好像", "我们", "我们的", "不少", "比起来", "相比", "对比一下", "对比", "跟其他", "其他", "别的", "给我看下", "看下", "看看", "拉一下", "拉下", "给我", "能不能", "可不可以", "有没有", "是不是", "最近", "这段时间", "老板", "领导", "问我", "kindly", "i want to know", "wondering", "curious", "tell me", "let me know", "quick question", "到目前为止", "目前为止", "截至目前", "至今", "目前", "现在", "一下", "情况", "怎么样", "如何", "排名", "排行", "排一下", "多还是少", "ranking", "rank", "帮我", "请问", "麻烦", "数据", "大概", "一共", "总共", "so far", "to date", "currently", "right now", "overall", "roughly", "data", "numbers"],
        ["§best"] = ["最好", "最高", "最强", "最佳", "最多", "最厉害", "最猛", "更好", "更高", "best", "better", "more", "top", "highest", "strongest", "leading"],
        ["§worst"] = ["最差", "最低", "最少", "最弱", "拖后腿", "更差", "worst", "worse", "less", "lowest", "weakest", "poorest"],
    };

    /// <summary>
    /// Concept terms whose variants occur in the normalized text. A variant lying inside a longer variant of another
    /// concept does not count: "come back to buy" is repurchase, not also "come back" (retention); "流失用户" is a
    /// lifecycle segment, not also "流失" (drop-off).
    /// </summary>
    public static IEnumerable<string> ConceptsIn(string normalized)
    {
        var matches = new List<(string Concept, int Start, int Length)>();
        foreach (var (concept, variants) in Concepts)
        {
            foreach (var variant in variants)
            {
                for (var at = TextTokens.IndexOfTerm(normalized, variant, 0); at >= 0; at = TextTokens.IndexOfTerm(normalized, variant, at + 1))
                {
                    matches.Add((concept, at, variant.Length));
                }
            }
        }

        var accepted = new List<(string Concept, int Start, int Length)>();
        foreach (var match in matches.OrderByDescending(m => m.Length))
        {
            var inside = accepted.Any(a => a.Concept != match.Concept && a.Length > match.Length
                && match.Start >= a.Start && match.Start + match.Length <= a.Start + a.Length);
            if (!inside)
            {
                accepted.Add(match);
            }
        }

        var found = accepted.Select(a => a.Concept).ToHashSet(StringComparer.Ordinal);
        return Concepts.Keys.Where(found.Contains).ToList();
    }
}
