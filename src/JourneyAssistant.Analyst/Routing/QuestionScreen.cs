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
        if (UnsafePattern().IsMatch(text) || SqlPattern().IsMatch(text))
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

    // Raw SQL: keywords in SQL shape, not the English words alone ("select the best channel" stays a question).
    [GeneratedRegex(@"\bselect\b[\s\S]*\bfrom\b\s+[a-z_]+|\bdrop\s+(?:table|database|view|schema)\b|\bunion\s+select\b|;\s*--|--\s*$|/\*|\bpragma\b|\battach\b\s+['""]|\bcopy\b\s+\w+\s+\bto\b|\bread_csv|\binformation_schema\b|\bduckdb_\w+\(")]
    private static partial Regex SqlPattern();

    [GeneratedRegex(
        @"天气|气温|下雨|笑话|讲个|段子|写(?:一封|封|个|一篇|篇|首)?(?:邮件|信|诗|文章|作文|小说|文案|代码|脚本|周报邮件)|作诗|翻译|食谱|菜谱|股票|股价|比特币|彩票|星座|算命|电影推荐|推荐(?:一部|几部)?电影|唱歌|聊聊天|你是谁|你叫什么|你几岁|你好吗|今天几号|几点了|新闻|足球|篮球|世界杯|" +
        @"\bweather\b|\btemperature\b|\brain(?:ing)?\b|\bjoke\b|\bjokes\b|\bfunny\b|write (?:me )?(?:an? |the )?(?:email|e-mail|letter|poem|essay|story|song|code|script|tweet)|\bpoem\b|\btranslate\b|\brecipe\b|\bstock price\b|\bbitcoin\b|\blottery\b|\bhoroscope\b|\bmovie\b|\bsing\b|who are you|what(?:'s| is) your name|how are you|what time is it|\bnews\b|\bfootball\b|\bsoccer\b|capital of")]
    private static partial Regex OutOfScopePattern();
}
