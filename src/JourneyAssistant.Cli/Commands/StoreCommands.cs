using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Schema;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Apparel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey ingest` and `journey db info|profile`: loading data into the touchpoint store and looking at it.</summary>
public sealed class StoreCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host)
    {
        root.Subcommands.Add(IngestCommand(host));

        var db = root.Subcommands.FirstOrDefault(c => c.Name == "db");
        if (db is null)
        {
            db = new Command("db", "The touchpoint store / 触点数据库");
            root.Subcommands.Add(db);
        }

        db.Subcommands.Add(InfoCommand(host));
        db.Subcommands.Add(ProfileCommand(host));
    }

    private static Option<string?> DbOption() => CliOptions.Db("DuckDB file (default Store:Path from appsettings.json) / 数据库文件");

    private static Option<bool> JsonOption() => CliOptions.Json(CliOptions.ExactlyOneJsonObjectOnStdout);

    // ---- journey ingest -----------------------------------------------------------------------------------------------

    private static Command IngestCommand(CliHost host)
    {
        var files = new Argument<string[]>("files") { Description = "Canonical or raw export files (CSV, JSONL, Parquet) / 要导入的文件", Arity = ArgumentArity.ZeroOrMore };
        var mapping = new Option<string?>("--mapping") { Description = "Mapping YAML for raw exports (default: the mapping whose `files` glob matches) / 映射文件" };
        var retry = new Option<bool>("--retry-quarantine")
        {
            Description = "Re-read the quarantined rows through today's dictionary, overlay and mappings; move those that pass into the store / 按当前词典与映射重试隔离区中的行",
        };
        var dbOption = DbOption();
        var json = JsonOption();
        var command = new Command("ingest", "Load touchpoint files into the store, de-duplicate and stitch identities / 导入触点数据并打通身份")
        {
            files, mapping, retry, dbOption, json,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            var dbPath = parseResult.GetValue(dbOption);
            var retrying = parseResult.GetValue(retry);
            try
            {
                var paths = (parseResult.GetValue(files) ?? []).Select(f => ContentRoot.Combine(Directory.GetCurrentDirectory(), f)).ToList();
                if (retrying == (paths.Count > 0))
                {
                    return CliOutput.Fail(asJson, "give files to ingest, or --retry-quarantine alone / 请指定要导入的文件，或单独使用 --retry-quarantine", 2);
                }

                var missing = paths.Where(p => !File.Exists(p)).ToList();
                if (missing.Count > 0)
                {
                    return CliOutput.Fail(asJson, $"file not found / 文件不存在: {string.Join(", ", missing)}", 2);
                }

                var mappingPath = parseResult.GetValue(mapping) is { } m ? ContentRoot.Combine(Directory.GetCurrentDirectory(), m) : null;
                if (mappingPath is not null && !File.Exists(mappingPath))
                {
                    return CliOutput.Fail(asJson, $"mapping not found / 映射文件不存在: {mappingPath}", 2);
                }

                await using var services = host.StoreServicesAt(dbPath);
                IngestReport? report = null;
                await CliOutput.WithStatusAsync("Ingesting / 导入中…", async progress =>
                {
                    if (dbPath is null)
                    {
                        // A missing embedded default store is built from the sample data first, so an explicit ingest adds to it;
                        // a store file of a company's own starts empty (Store:SeedSample).
                        await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(progress, ct, createEmpty: true);
                    }

                    var ingestion = services.GetRequiredService<IngestionService>();
                    report = retrying
                        ? await ingestion.RetryQuarantineAsync(progress, ct)
                        : await ingestion.IngestAsync(paths, mappingPath, progress, ct);
                });

                if (asJson)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(IngestJson(report!), CliOutput.Indented));
                }
                else
                {
                    PrintIngest(report!, services.GetRequiredService<JourneyStore>().DatabasePath);
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException
                                          or DuckDB.NET.Data.DuckDBException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                return CliOutput.Fail(asJson, $"ingest failed, the store is unchanged for the failing file / 导入失败（失败文件未写入）: {e.Message}", 1);
            }
        });
        return command;
    }

    private static object IngestJson(IngestReport report) => new
    {
        accepted = report.Accepted,
        duplicates = report.Duplicates,
        rejected = report.Rejected,
        persons = report.Persons,
        seconds = Math.Round(report.Duration.TotalSeconds, 3),
        input_rows = report.InputRows,
        identities = report.Stitch.Identities,
        shared_identifiers = report.Stitch.Shared.Select(s => new { id_type = s.IdType, masked = s.Masked, linked_values = s.LinkedValues, events = s.Events }),
        top_rejections = report.TopRejections().Select(r => new { code = r.Code, example = r.Example, count = r.Count }),
        unmapped_rows = report.UnmappedRows,
        unmapped_share = report.Accepted == 0 ? 0 : Math.Round((double)report.UnmappedRows / report.Accepted, 4),
        top_unmapped = report.TopUnmapped().Select(n => new { kind = n.Kind, id = n.Id, name = n.Name, rows = n.Rows }),
        batches = report.Files.Select(f => new
        {
            file = f.File,
            mapping = f.Mapping,
            format = f.Format,
            batch_id = f.BatchId,
            input_rows = f.InputRows,
            accepted = f.Accepted,
            duplicates = f.Duplicates,
            rejected = f.Rejected,
            already_ingested = f.AlreadyIngested,
            note = f.Note,
            seconds = Math.Round(f.Duration.TotalSeconds, 3),
            rejections = f.Rejections.Select(r => new { code = r.Code, example = r.Example, count = r.Count }),
            pii_screened = f.Screened.Select(p => new { key = p.Key, kind = p.Kind, count = p.Count }),
        }),
    };

    private static void PrintIngest(IngestReport report, string dbPath)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("file / 文件").AddColumn("mapping / 映射")
            .AddColumn(new TableColumn("input / 输入").RightAligned()).AddColumn(new TableColumn("accepted / 接收").RightAligned())
            .AddColumn(new TableColumn("duplicates / 重复").RightAligned()).AddColumn(new TableColumn("rejected / 拒绝").RightAligned())
            .AddColumn(new TableColumn("s").RightAligned());
        foreach (var f in report.Files)
        {
            table.AddRow(Markup.Escape(Path.GetFileName(f.File)) + (f.AlreadyIngested ? " [grey](already ingested / 已导入过)[/]" : ""), Markup.Escape(f.Mapping),
                N(f.InputRows), N(f.Accepted), N(f.Duplicates), N(f.Rejected), f.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        Console.Out.WriteLine($"store / 数据库: {dbPath}");
        Console.Out.WriteLine($"accepted / 接收: {N(report.Accepted)}   duplicates / 重复: {N(report.Duplicates)}   rejected / 拒绝: {N(report.Rejected)}   (input rows / 输入行: {N(report.InputRows)})");
        Console.Out.WriteLine($"persons / 人数: {N(report.Persons)}   identifiers / 标识: {N(report.Stitch.Identities)}   seconds / 耗时: {report.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");
        if (report.Stitch.Shared.Count > 0)
        {
            Console.Out.WriteLine("shared identifiers, not used for linking / 共用标识（未用于打通）:");
            foreach (var s in report.Stitch.Shared.Take(20))
            {
                Console.Out.WriteLine($"  {s.IdType} {s.Masked}: {s.LinkedValues} linked values / 关联值, {N(s.Events)} events / 事件");
            }
        }

        if (report.UnmappedRows > 0)
        {
            // Kept, not lost: but answers read these as the source's own names until they are mapped.
            var share = report.Accepted == 0 ? 0 : (double)report.UnmappedRows / report.Accepted;
            Console.Out.WriteLine($"unmapped names / 未映射名称: {N(report.UnmappedRows)} accepted rows ({share:P1}) use names the dictionary does not know (kept as custom entries):");
            foreach (var n in report.TopUnmapped())
            {
                Console.Out.WriteLine($"  {n.Kind,-10} {n.Name,-24} {N(n.Rows),10}");
            }

            Console.Out.WriteLine("map them to ours: journey dictionary suggest, then journey dictionary apply / 映射到标准名称：运行 journey dictionary suggest，再 journey dictionary apply");
        }

        var screened = report.Files.SelectMany(f => f.Screened).GroupBy(p => (p.Key, p.Kind)).Select(g => (g.Key.Key, g.Key.Kind, Count: g.Sum(p => p.Count))).ToList();
        if (screened.Count > 0)
        {
            Console.Out.WriteLine("personal data screened (hashed and masked) / 已屏蔽个人信息（哈希并掩码）:");
            foreach (var p in screened.OrderByDescending(p => p.Count).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                Console.Out.WriteLine($"  {p.Key} ({p.Kind}): {N(p.Count)}");
            }
        }

        var reasons = report.TopRejections();
        if (reasons.Count > 0)
        {
            Console.Out.WriteLine("top rejection reasons / 主要拒绝原因 (see table quarantine / 详见 quarantine 表):");
            foreach (var r in reasons)
            {
                Console.Out.WriteLine($"  {r.Code}: {N(r.Count)}  e.g. {r.Example}");
            }
        }
    }

    // ---- journey db info ----------------------------------------------------------------------------------------------

    private static Command InfoCommand(CliHost host)
    {
        var dbOption = DbOption();
        var json = JsonOption();
        var command = new Command("info", "Row counts, date range, channels, touchpoints, stages, persons, identity coverage / 数据库概况") { dbOption, json };
        command.SetAction((parseResult, ct) => ReadStoreAsync(host, parseResult.GetValue(dbOption), parseResult.GetValue(json), ct, async (services, asJson) =>
        {
            var info = await services.GetRequiredService<StoreInfoService>().ReadAsync(ct);
            var quality = await services.GetRequiredService<JourneyAssistant.Store.Vocabulary.DataQualityNotes>().ReadAsync(ct);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(InfoJson(info, quality), CliOutput.Indented));
            }
            else
            {
                PrintInfo(info);
                if (quality is not null && quality.Caveat(Store.Localization.Language.En) is { } note)
                {
                    Console.Out.WriteLine($"note / 注意: {note}");
                    Console.Out.WriteLine($"注意: {quality.Caveat(Store.Localization.Language.Zh)}");
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Runs <paramref name="read"/> over a ready store (the default built on first use, a --db one that exists); read failures are one line.</summary>
    private static async Task<int> ReadStoreAsync(CliHost host, string? dbPath, bool asJson, CancellationToken ct, Func<ServiceProvider, bool, Task<int>> read)
    {
        try
        {
            await using var services = host.StoreServicesAt(dbPath);
            return await StoreReadyAsync(services, dbPath, asJson, ct) ?? await read(services, asJson);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or DuckDB.NET.Data.DuckDBException)
        {
            return CliOutput.Fail(asJson, $"cannot read the store / 无法读取数据库: {e.Message}", 1);
        }
    }

    // The embedded default is built from sample data on first use; a store named with --db must exist.
    private static async Task<int?> StoreReadyAsync(ServiceProvider services, string? dbPath, bool asJson, CancellationToken ct)
    {
        if (dbPath is null)
        {
            await CliOutput.WithStatusAsync("Building the store from sample data / 正在用样例数据建库…",
                progress => services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(progress, ct));
            return null;
        }

        var store = services.GetRequiredService<JourneyStore>();
        return store.Exists ? null : CliOutput.Fail(asJson, $"no store at / 数据库不存在: {store.DatabasePath}", 2);
    }

    private static Command ProfileCommand(CliHost host)
    {
        var dbOption = DbOption();
        var json = JsonOption();
        var command = new Command("profile", "This store's own journey: funnel steps, conversion event, touchpoints in journey order / 本库的旅程画像：漏斗步骤、转化事件、触点顺序") { dbOption, json };
        command.SetAction((parseResult, ct) => ReadStoreAsync(host, parseResult.GetValue(dbOption), parseResult.GetValue(json), ct, async (services, asJson) =>
        {
            var store = services.GetRequiredService<JourneyStore>();
            IReadOnlyList<JourneyProfileRow> rows;
            DuckDB.NET.Data.DuckDBConnection connection;
            try
            {
                // A writable open brings an older file's schema and profile up to date first.
                connection = await store.OpenAsync(readOnly: false, ct);
            }
            catch (StoreBusyException)
            {
                // A running service holds the file and has kept it current.
                connection = await store.OpenAsync(readOnly: true, ct);
            }

            await using (connection)
            {
                rows = await JourneyProfile.ReadAsync(connection, ct);
            }

            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(ProfileJson(rows), CliOutput.Indented));
                return 0;
            }

            PrintProfile(rows);
            return 0;
        }));
        return command;
    }

    private static object ProfileJson(IReadOnlyList<JourneyProfileRow> rows)
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

    private static void PrintProfile(IReadOnlyList<JourneyProfileRow> rows)
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

    private static object InfoJson(StoreInfo info, JourneyAssistant.Store.Vocabulary.DataQuality? quality) => new
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

    private static void PrintInfo(StoreInfo info)
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

    // ---- plumbing -----------------------------------------------------------------------------------------------------

    private static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Pct(long part, long whole) => whole == 0 ? "0%" : (part / (double)whole).ToString("0.0%", CultureInfo.InvariantCulture);
}
