using System.Text.RegularExpressions;

namespace JourneyAssistant.Analyst.Routing;

/// <summary>Why a question is declined before anything is routed or run.</summary>
public enum DeclineReason
{
    None,

    /// <summary>Instruction-like or hostile input: prompt injection, raw SQL, requests to change data or reveal the prompt.</summary>
    Unsafe,

    /// <summary>Not about customer journeys (weather, jokes, writing emails …).</summary>
    OutOfScope,
}

/// <summary>
/// Screens every question before routing: hostile or instruction-like input and clearly out-of-scope requests are declined
/// and nothing runs. Deliberately conservative on "unsafe" (any hint of SQL or instruction override) because the cost of a
/// false decline is a rephrase, while the cost of a miss is a query nobody vetted.
/// </summary>
public static partial class QuestionScreen
{
    /// <summary>True when the question asks for data the store does not hold (costs, inventory, staff, competitors): no skill can answer it.</summary>
    public static bool AsksForMissingData(string question) => MissingDataPattern().IsMatch(Routing.TextTokens.Normalize(question));

    [GeneratedRegex(@"库存|广告费|花费|花了多少|成本|预算花|员工|工资|薪资|竞争对手|竞品|对手|利润率|毛利|inventory|stock levels?|ad spend|spend|spent|costs?|employees?|staff|salar(?:y|ies)|competitors?|profit margin|gross margin")]
    private static partial Regex MissingDataPattern();

    /// <summary>Classifies the question; <see cref="DeclineReason.None"/> means route it.</summary>
    public static DeclineReason Check(string question)
    {
        var text = Routing.TextTokens.Normalize(question);
        if (UnsafePattern().IsMatch(text) || SqlPattern().IsMatch(text) || DataChangePattern().IsMatch(text))
        {
            return DeclineReason.Unsafe;
        }

        if (OutOfScopePattern().IsMatch(text))
        {
            return DeclineReason.OutOfScope;
        }

        return DeclineReason.None;
    }

    [GeneratedRegex(
        @"忽略(?:之前|以上|前面|上面|所有|你的)|无视(?:之前|以上|前面|规则|指令)|忘(?:掉|记)(?:之前|以上|你的|所有)|(?:之前|以上|前面)的(?:指令|规则|设定)|系统提示|提示词|系统指令|你的指令|你的设定|越狱|开发者模式|扮演|假装你是|你现在是|" +
        @"(?:删除|删掉|清空|清除|抹掉)(?:了|掉)?(?:一下)?(?:所有|全部|这个|那个|这些)?(?:的)?(?:表|数据|记录|库|日志|审计|用户|订单)|(?:表|数据|记录|库|日志)\S{0,6}(?:删除|删掉|清空|清除|抹掉)|删库|drop掉|修改数据|改数据|更新表|插入|写入数据库|执行(?:这段|下面|以下)?(?:sql|命令|代码|脚本)|运行(?:这段|下面|以下)?(?:sql|命令|代码|脚本)|导出(?:所有|全部)?(?:手机号|身份证|openid|明文|原始)|手机号明文|" +
        @"ignore (?:all |any |the |your )?(?:previous|prior|above|earlier)|disregard (?:all |the |your )?(?:previous|prior|above|instructions|rules)|forget (?:all |your |the )?(?:previous|instructions|rules)|" +
        @"system prompt|your (?:instructions|prompt|rules)|initial prompt|reveal (?:your|the) (?:prompt|instructions)|jailbreak|developer mode|\bdan\b|pretend (?:you are|to be)|\bact as\b|you are now|new instructions|\boverride\b|" +
        @"\b(?:delete|remove|wipe|erase)\s+(?:all\s+|the\s+|every\s+|this\s+)*(?:tables?|data|records?|rows?|everything|users?|logs?|orders?|database|audit)\b|\bdelete\s+from\b|\btruncate\b|\bupdate\b\s+\w+\s+\bset\b|\binsert\s+into\b|\balter\s+table\b|\bexec(?:ute)?\s+(?:this|the following|sql|command)|run (?:this|the following) (?:sql|query|command)|\bshell\b|\bcurl\b|\brm\s+-rf\b|raw phone|phone numbers? in clear|unmask|de-?anonymi[sz]e|\bpassword|\bapi key|connection string|\bsecret")]
    private static partial Regex UnsafePattern();

    // Requests to change, fake or leak data, however politely phrased ("could you kindly update all scores to 10",
    // "把NPS分数都改成10", "把客户手机号导出来"): this assistant only reads.
    [GeneratedRegex(
        @"(?:把|将)[^，,。？?；;]{0,15}(?:分数|评分|打分|nps|csat|数据|记录|订单|金额|收入|工单|状态|数值|表)[^，,。？?；;]{0,6}(?:改成|改为|改到|设为|设置为|设置成|更新为|更新成|调成|调到|刷成|都改|全改|删了|删除|删掉|清掉)|" +
        @"(?:修改|篡改|伪造|造假|刷)(?:一下)?(?:所有|全部|这些)?(?:的)?(?:数据|记录|分数|评分|订单|表|工单|nps)|删表|删数据|清库|重置数据库|" +
        @"(?:导出|下载|发给我|发我|发到|拉出|列出所有|列出全部|给我看所有|给我看全部|查出所有)[^，。？?]{0,12}(?:手机号|电话号码|身份证|openid|unionid|住址|邮箱)|" +
        @"(?:手机号|电话号码|身份证号?|openid|unionid)[^，。？?]{0,8}(?:明文|原始|原文|导出|发给我|全部列出)|" +
        @"\b(?:update|modify|change|overwrite|edit|reset|set|alter|fake|fudge|bump)\s+(?:all\s+|the\s+|every\s+|our\s+|these\s+|those\s+|each\s+|of\s+)*(?:[\w-]+\s+){0,2}(?:scores?|data|records?|rows?|values?|tables?|numbers|entries|fields?|ratings?|revenue|orders?|tickets?)\s+(?:to|=|into)\b|" +
        @"\b(?:update|overwrite|alter|fake|fudge|tamper with|falsify)\s+(?:all\s+|the\s+|every\s+|our\s+)*(?:[\w-]+\s+)?(?:data|records?|rows?|tables?|database|scores?)\b|" +
        @"\bdrop\s+(?:the\s+)?[\w-]+\s+(?:table|database)\b|" +
        @"\b(?:export|dump|download|send|leak|list all|list every|give me all|give me every)\b[^.?!]{0,30}\b(?:phone numbers?|openids?|unionids?|e-?mail addresses|home address(?:es)?|id numbers?)\b")]
    private static partial Regex DataChangePattern();

    // Raw SQL: keywords in SQL shape, not the English words alone ("select the best channel" stays a question).
    [GeneratedRegex(@"\bselect\b[\s\S]*\bfrom\b\s+[a-z_]+|\bdrop\s+(?:table|database|view|schema)\b|\bunion\s+select\b|;\s*--|--\s*$|/\*|\bpragma\b|\battach\b\s+['""]|\bcopy\b\s+\w+\s+\bto\b|\bread_csv|\binformation_schema\b|\bduckdb_\w+\(")]
    private static partial Regex SqlPattern();

    [GeneratedRegex(
        @"天气|气温|下雨|笑话|讲个|段子|写(?:一封|封|个|一篇|篇|首)?(?:邮件|信|诗|文章|作文|小说|文案|代码|脚本|周报邮件)|作诗|翻译|食谱|菜谱|股票|股价|比特币|彩票|星座|算命|电影推荐|推荐(?:一部|几部)?电影|唱歌|聊聊天|你是谁|你叫什么|你几岁|你好吗|今天几号|几点了|新闻|足球|篮球|世界杯|" +
        @"\bweather\b|\btemperature\b|\brain(?:ing)?\b|\bjoke\b|\bjokes\b|\bfunny\b|write (?:me )?(?:an? |the )?(?:email|e-mail|letter|poem|essay|story|song|code|script|tweet)|\bpoem\b|\btranslate\b|\brecipe\b|\bstock price\b|\bbitcoin\b|\blottery\b|\bhoroscope\b|\bmovie\b|\bsing\b|who are you|what(?:'s| is) your name|how are you|what time is it|\bnews\b|\bfootball\b|\bsoccer\b|capital of")]
    private static partial Regex OutOfScopePattern();
}
