using System.CommandLine;
using System.Text.Json;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Schema;
using JourneyAssistant.Store.Info;
using JourneyAssistant.Store.Ingestion;
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
                    Console.Out.WriteLine(JsonSerializer.Serialize(IngestReportView.Json(report!), CliOutput.Indented));
                }
                else
                {
                    IngestReportView.Write(report!, services.GetRequiredService<JourneyStore>().DatabasePath);
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
                Console.Out.WriteLine(JsonSerializer.Serialize(StoreInfoView.InfoJson(info, quality), CliOutput.Indented));
            }
            else
            {
                StoreInfoView.WriteInfo(info);
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
                Console.Out.WriteLine(JsonSerializer.Serialize(StoreInfoView.ProfileJson(rows), CliOutput.Indented));
                return 0;
            }

            StoreInfoView.WriteProfile(rows);
            return 0;
        }));
        return command;
    }
}
