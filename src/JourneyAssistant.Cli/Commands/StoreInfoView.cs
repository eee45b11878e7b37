using System.Globalization;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Schema;
using Spectre.Console;
using static JourneyAssistant.Cli.Commands.CliOutput;

namespace JourneyAssistant.Cli.Commands;

/// <summary>What `journey db info` and `journey db profile` show: one JSON object with --json, else lines and tables.</summary>
internal static class StoreInfoView
{
    public static object ProfileJson(IReadOnlyList<JourneyProfileRow> rows)
    {
        object Item(JourneyProfileRow r) => new { id = r.Id, label_zh = r.LabelZh, label_en = r.LabelEn, position = r.Position, people = r.People, share = r.Share is { } s ? Math.Round(s, 4) : (double?)null };
        return new
        {
            steps = rows.Where(r => r.Kind == "step").Select(Item),
            conversion = rows.Where(r => r.Kind == "conversion").Select(Item).FirstOrDefault(),
            event_steps = rows.Where(r => r.Kind == "event_step").Select(Item),
            entry = rows.Where(r => r.Kind == "step").Select(Item).FirstOrDefault(),
            touchpoints = rows.Where(r => r.Kind == "touchpoint").Select(Item),
            events = rows.Where(r => r.Kind == "event").Select(Item),
            step_share = JourneyProfile.StepShare,
            pinned = rows.Any(r => r.Kind == "step") && rows.Where(r => r.Kind == "step").All(r => r.Share is null),
        };
    }

    public static void WriteProfile(IReadOnlyList<JourneyProfileRow> rows)
    {
        var steps = rows.Where(r => r.Kind == "step").ToList();
        var conversion = rows.FirstOrDefault(r => r.Kind == "conversion");
        if (conversion is null)
        {
            Console.Out.WriteLine("No event is flagged as a conversion: there is no funnel. / 没有标记为转化的事件：无法构成漏斗。");
        }
        else if (steps.Count == 0)
        {
            Console.Out.WriteLine($"Conversion / 转化: {conversion.LabelZh} ({conversion.Id}) — no touchpoint is shared by {JourneyProfile.StepShare:P0} of converters before converting, so there is no funnel. / 转化者转化前没有共同经过的触点，无法构成漏斗。");
        }
        else
        {
            Console.Out.WriteLine("Funnel / 漏斗: " + string.Join(" → ", steps.Select(s => s.Share is { } share ? $"{s.LabelZh} ({s.Id}, {share:P0})" : $"{s.LabelZh} ({s.Id})")) + $" → {conversion.LabelZh} ({conversion.Id}, {conversion.People:N0})");
            Console.Out.WriteLine(steps.All(s => s.Share is null)
                ? "  steps pinned by funnel_step in the dictionary overlay / 步骤由词典覆盖文件里的 funnel_step 指定"
                : $"  steps = touchpoints at least {JourneyProfile.StepShare:P0} of converters visited before converting, in their usual order / 步骤 = 八成以上转化者转化前经过的触点，按通常先后排列");
        }

        var eventSteps = rows.Where(r => r.Kind == "event_step").ToList();
        if (eventSteps.Count > 0)
        {
            Console.Out.WriteLine("Event path / 事件路径: " + string.Join(" → ", eventSteps.Select(s => s.LabelZh)) + (conversion is null ? "" : $" → {conversion.LabelZh}"));
        }

        Console.Out.WriteLine("Touchpoints in journey order / 触点（按旅程先后）: "
            + string.Join(", ", rows.Where(r => r.Kind == "touchpoint").Select(r => $"{r.LabelZh} ({r.People:N0})")));
    }

    public static object InfoJson(StoreInfo info, JourneyAssistant.Store.Vocabulary.DataQuality? quality) => new
    {
        database = info.DatabasePath,
        reporting_time_zone = info.ReportingTimeZone,
        row_counts = info.RowCounts,
        first_local_date = info.FirstLocalDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        last_local_date = info.LastLocalDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        events = info.RowCounts["touchpoint_events"],
        persons = info.Persons,
        events_with_person = info.EventsWithPerson,
        channels = info.Channels.Select(Dimension),
        touchpoints = info.Touchpoints.Select(Dimension),
        stages = info.Stages.Select(Dimension),
        identity_coverage = info.Identities.Select(i => new { id_type = i.IdType, identifiers = i.Identifiers, persons = i.Persons, shared_identifiers = i.SharedIdentifiers }),
        currency = new { code = info.Currency.Code, symbol = info.Currency.Symbol },
        data_time_zone = info.DataZone?.DataZone,
        first_day_partial = info.DataZone?.FirstDayPartial,
        last_day_partial = info.DataZone?.LastDayPartial,
        zone_note = info.DataZone?.Message(Store.Localization.Language.En),
        foreign_currencies = info.ForeignCurrencies.Select(s => new { source = s.Source, code = s.Currency.Code, symbol = s.Currency.Symbol }),
        unmapped_events = quality?.UnmappedEvents ?? 0,
        unmapped_share = quality is { Events: > 0 } q ? Math.Round((double)q.UnmappedEvents / q.Events, 4) : 0,
        top_unmapped = quality?.TopUnmapped ?? [],
        quarantined = quality?.Quarantined ?? 0,
    };

    private static object Dimension(DimensionCount d) => new { id = d.Id, label_zh = d.LabelZh, label_en = d.LabelEn, events = d.Events };

    public static void WriteInfo(StoreInfo info)
    {
        Console.Out.WriteLine($"store / 数据库: {info.DatabasePath}");
        Console.Out.WriteLine($"reporting zone / 报告时区: {info.ReportingTimeZone}   dates / 日期: {info.FirstLocalDate:yyyy-MM-dd} … {info.LastLocalDate:yyyy-MM-dd}   currency / 货币: {info.Currency.Code} {info.Currency.Symbol}");
        foreach (var s in info.ForeignCurrencies)
        {
            Console.Out.WriteLine($"note / 注意: amounts of source {s.Source} are in {s.Currency.Code}, shown as {info.Currency.Code} (Store:Currency) / 来源 {s.Source} 的金额为 {s.Currency.Code}，但按 {info.Currency.Code} 显示");
        }

        if (info.DataZone?.Differs == true)
        {
            Console.Out.WriteLine($"note / 注意: {info.DataZone.Message(Store.Localization.Language.En)} / {info.DataZone.Message(Store.Localization.Language.Zh)}");
        }
        var events = info.RowCounts["touchpoint_events"];
        Console.Out.WriteLine($"events / 事件: {N(events)}   persons / 人数: {N(info.Persons)}   events with a person / 已识别事件: {Pct(info.EventsWithPerson, events)}");
        Console.Out.WriteLine("rows / 行数: " + string.Join("  ", info.RowCounts.Select(kv => $"{kv.Key}={N(kv.Value)}")));

        void Dimensions(string title, IReadOnlyList<DimensionCount> rows)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(title)
                .AddColumn("id").AddColumn("中文").AddColumn("English").AddColumn(new TableColumn("events / 事件").RightAligned());
            foreach (var d in rows)
            {
                table.AddRow(Markup.Escape(d.Id), Markup.Escape(d.LabelZh), Markup.Escape(d.LabelEn), N(d.Events));
            }

            AnsiConsole.Write(table);
        }

        Dimensions("channels / 渠道", info.Channels);
        Dimensions("touchpoints / 触点", info.Touchpoints);
        Dimensions("stages / 阶段", info.Stages);
        var ids = new Table().Border(TableBorder.Rounded).Title("identity coverage / 身份覆盖")
            .AddColumn("type / 类型").AddColumn(new TableColumn("identifiers / 标识数").RightAligned())
            .AddColumn(new TableColumn("persons / 人数").RightAligned()).AddColumn(new TableColumn("shared / 共用").RightAligned());
        foreach (var i in info.Identities)
        {
            ids.AddRow(i.IdType, N(i.Identifiers), N(i.Persons), N(i.SharedIdentifiers));
        }

        AnsiConsole.Write(ids);
    }
}
