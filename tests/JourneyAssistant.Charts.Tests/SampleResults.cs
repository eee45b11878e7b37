using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts.Tests;

/// <summary>Skill results shaped like the library skills' output, one per chart kind.</summary>
internal static class SampleResults
{
    public static ResultColumn Dim(string name, string zh, string en, string? dictionary = null) =>
        new(name, ColumnRole.Dimension, new LocalizedText(zh, en), dictionary);

    public static ResultColumn Num(string name, ColumnRole role, string zh, string en, string? unit = null) =>
        new(name, role, new LocalizedText(zh, en), Unit: unit);

    public static SkillResult Result(string id, string zh, string en, ChartHint chart, IReadOnlyList<ResultColumn> columns, params object?[][] rows) =>
        new(id, 1, new LocalizedText(zh, en), chart, columns, rows, "SELECT 1", new Dictionary<string, object?>(), TimeSpan.Zero, false);

    public static SkillResult Funnel(string zh = "触点漏斗与流失", string en = "Funnel and drop-off by touchpoint") => Result(
        "funnel_by_touchpoint", zh, en, new ChartHint("funnel", "touchpoint", "people"),
        [Dim("touchpoint", "触点", "Touchpoint", "touchpoint"), Num("people", ColumnRole.Count, "人数", "People")],
        ["ad", 48210L], ["landing_page", 30544L], ["product_page", 21876L], ["cart", 9410L], ["checkout", 6120L], ["payment", 2433L]);

    public static SkillResult ConversionByChannel() => Result(
        "conversion_by_channel", "各渠道转化率", "Conversion rate by channel", new ChartHint("bar", "channel", "conversion_rate"),
        [Dim("channel", "渠道", "Channel", "channel"), Num("conversion_rate", ColumnRole.Percent, "转化率", "Conversion rate")],
        ["douyin", 0.021], ["wechat_moments", 0.034], ["search", 0.052], ["mini_program", 0.081], ["official_account", 0.044],
        ["website", 0.029], ["app", 0.066], ["store", 0.12]);

    public static SkillResult RevenueByChannelAndMonth() => Result(
        "revenue_by_channel_month", "各渠道月度收入", "Revenue by channel and month", new ChartHint("grouped_bar", "channel", "revenue", "month"),
        [Dim("channel", "渠道", "Channel", "channel"), Dim("month", "月份", "Month"), Num("revenue", ColumnRole.Currency, "收入", "Revenue")],
        ["mini_program", "2026-09", 182000.0], ["mini_program", "2026-10", 201500.0], ["mini_program", "2026-11", 174300.0],
        ["store", "2026-09", 240000.0], ["store", "2026-10", 231000.0], ["store", "2026-11", 255800.0],
        ["app", "2026-09", 98000.0], ["app", "2026-10", 121000.0], ["app", "2026-11", 133400.0],
        ["website", "2026-09", 61000.0], ["website", "2026-10", 58000.0], ["website", "2026-11", 49900.0]);

    public static SkillResult ChannelByStage()
    {
        var rows = new List<object?[]>();
        string[] channels = ["douyin", "wechat_moments", "search", "mini_program", "app", "store"];
        string[] stages = ["awareness", "interest", "consideration", "purchase"];
        for (var c = 0; c < channels.Length; c++)
        {
            for (var s = 0; s < stages.Length; s++)
            {
                rows.Add([channels[c], stages[s], (long)((9000 - (c * 900)) / (s + 1.5))]);
            }
        }

        return Result("people_by_channel_stage", "各渠道分阶段人数", "People by channel and stage", new ChartHint("stacked", "channel", "people", "stage"),
            [Dim("channel", "渠道", "Channel", "channel"), Dim("stage", "阶段", "Stage", "stage"), Num("people", ColumnRole.Count, "人数", "People")],
            [.. rows]);
    }

    public static SkillResult DailyConversions()
    {
        var start = new DateOnly(2026, 10, 26);
        var rows = Enumerable.Range(0, 28)
            .Select(i => new object?[] { start.AddDays(i), (long)(300 + (i * 4) + ((i % 7) is 5 or 6 ? 90 : 0) - (i > 21 ? 60 : 0)) })
            .ToArray();
        return Result("daily_conversions", "每日转化趋势", "Daily conversions", new ChartHint("line", "local_date", "conversions"),
            [Dim("local_date", "日期", "Date"), Num("conversions", ColumnRole.Count, "转化人数", "Conversions")], rows);
    }

    public static SkillResult CohortRetention()
    {
        var rows = new List<object?[]>();
        for (var cohort = 0; cohort < 6; cohort++)
        {
            for (var week = 0; week < 6 - cohort; week++)
            {
                rows.Add([$"2026-W{40 + cohort}", (long)week, week == 0 ? 1.0 : Math.Round(0.42 * Math.Pow(0.78, week - 1) * (1 - (cohort * 0.03)), 4)]);
            }
        }

        return Result("cohort_retention", "首购同期群复购留存", "Repurchase retention by first-purchase cohort", new ChartHint("heatmap", "cohort", "retention", "weeks_since"),
            [Dim("cohort", "首购周", "Cohort"), Num("weeks_since", ColumnRole.Count, "距首购周数", "Weeks since"), Num("retention", ColumnRole.Percent, "留存率", "Retention")],
            [.. rows]);
    }

    public static SkillResult TopPaths() => Result(
        "top_paths", "最常见的转化路径", "Top converting paths", new ChartHint("paths", "path", "people"),
        [Dim("path", "路径", "Path"), Num("people", ColumnRole.Count, "人数", "People")],
        ["ad > product_page > cart > checkout > payment", 812L], ["content > product_page > payment", 640L],
        ["landing_page > product_page > consultation > store_pos", 433L], ["ad > landing_page > product_page > cart > payment", 390L],
        ["member_center > product_page > payment", 251L]);

    public static SkillResult Attribution() => Result(
        "attribution_models", "各归因模型下的渠道贡献", "Channel credit under each attribution model", new ChartHint("attribution", "channel", "share", "model"),
        [Dim("channel", "渠道", "Channel", "channel"), Dim("model", "归因模型", "Model"), Num("share", ColumnRole.Percent, "贡献占比", "Share of conversions")],
        ["douyin", "首次触点 First touch", 0.34], ["douyin", "末次触点 Last touch", 0.12], ["douyin", "马尔可夫 Markov", 0.22],
        ["search", "首次触点 First touch", 0.18], ["search", "末次触点 Last touch", 0.27], ["search", "马尔可夫 Markov", 0.24],
        ["mini_program", "首次触点 First touch", 0.21], ["mini_program", "末次触点 Last touch", 0.38], ["mini_program", "马尔可夫 Markov", 0.31],
        ["store", "首次触点 First touch", 0.27], ["store", "末次触点 Last touch", 0.23], ["store", "马尔可夫 Markov", 0.23]);

    public static SkillResult NpsByTouchpoint() => Result(
        "nps_by_touchpoint", "各触点 NPS", "NPS by touchpoint", new ChartHint("diverging", "touchpoint", "nps"),
        [Dim("touchpoint", "触点", "Touchpoint", "touchpoint"), Num("nps", ColumnRole.Measure, "NPS", "NPS")],
        ["product_page", 42.0], ["payment", -18.5], ["after_sales", -36.0], ["member_center", 27.0], ["store_pos", 55.0], ["consultation", 8.0]);

    public static SkillResult TicketServiceLevels() => Result(
        "ticket_service_levels", "工单服务水平", "Ticket service levels", new ChartHint("table"),
        [Dim("service_channel", "服务渠道", "Service channel", "channel"), Num("tickets", ColumnRole.Count, "工单数", "Tickets"),
         Num("median_hours", ColumnRole.Duration, "解决时长中位数", "Median resolution", "hours"), Num("resolved_rate", ColumnRole.Percent, "解决率", "Resolved")],
        ["phone", 1204L, 5.2, 0.93], ["wecom", 2310L, 2.1, 0.97], ["online_chat", 3120L, 1.4, 0.98]);
}
