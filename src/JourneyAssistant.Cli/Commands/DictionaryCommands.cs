using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Vocabulary;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey dictionary list | suggest | apply`: the vocabulary in the store, mappings for the names it does not know, and writing them to the overlay.</summary>
public sealed class DictionaryCommands : ICommandModule
{
    /// <summary>Where the overlay lives unless Store:DictionaryOverlayPath says otherwise (docs/DICTIONARY.md).</summary>
    public const string DefaultOverlayPath = "data/dictionary.local.yaml";

    private static readonly string[] _kinds = [DictionaryKind.Touchpoint, DictionaryKind.Event, DictionaryKind.Channel];

    public void AddTo(RootCommand root, CliHost host)
    {
        var db = CliOptions.Db("DuckDB file (default Store:Path) / 数据库文件");
        var json = CliOptions.Json(CliOptions.ExactlyOneJsonObject);
        var unmapped = new Option<bool>("--unmapped") { Description = "Only names no id or alias matched / 只列出未映射的名称" };
        var minConfidence = new Option<double>("--min-confidence")
        {
            Description = $"Apply suggestions at least this sure, 0..1 (default {MappingSuggester.DefaultMinConfidence}) / 最低置信度",
            DefaultValueFactory = _ => MappingSuggester.DefaultMinConfidence,
        };
        var overlay = new Option<string?>("--overlay") { Description = $"Overlay file (default Store:DictionaryOverlayPath or {DefaultOverlayPath}) / 覆盖文件" };

        var list = new Command("list", "The vocabulary with its counts in the store / 词表及其在库中的数量") { db, json, unmapped };
        list.SetAction((parseResult, ct) => RunAsync(host, parseResult.GetValue(db), parseResult.GetValue(json), async (observations, dictionary, asJson, store) =>
        {
            var rows = Vocabulary(observations, dictionary).Where(r => !parseResult.GetValue(unmapped) || r.Unmapped).ToList();
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { names = rows }, CliOutput.Indented));
                return 0;
            }

            foreach (var kind in _kinds)
            {
                Console.Out.WriteLine($"{kind}s / {Zh(kind)}:");
                foreach (var r in rows.Where(r => r.Kind == kind))
                {
                    Console.Out.WriteLine($"  {(r.Unmapped ? "? " : "  ")}{r.Id,-28} {r.LabelZh,-12} {r.LabelEn,-20} {r.Events,10:N0}");
                }
            }

            var open = rows.Count(r => r.Unmapped);
            Console.Out.WriteLine(open == 0
                ? "no unmapped names / 没有未映射的名称"
                : $"{open} unmapped (?) — see: journey dictionary suggest / {open} 个未映射名称（?），可运行 journey dictionary suggest");
            return await Task.FromResult(0);
        }, ct));

        var suggest = new Command("suggest", "Propose one of our ids for every unmapped name, with confidence and evidence / 为未映射名称建议映射") { db, json, minConfidence };
        suggest.SetAction((parseResult, ct) => RunAsync(host, parseResult.GetValue(db), parseResult.GetValue(json), (observations, dictionary, asJson, store) =>
        {
            var min = parseResult.GetValue(minConfidence);
            var suggestions = new MappingSuggester(dictionary).Suggest(observations);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { min_confidence = min, suggestions = suggestions.Select(s => Json(s, min)) }, CliOutput.Indented));
                return Task.FromResult(0);
            }

            if (suggestions.Count == 0)
            {
                Console.Out.WriteLine("no unmapped names: nothing to suggest / 没有未映射的名称，无需建议");
                return Task.FromResult(0);
            }

            foreach (var s in suggestions)
            {
                var verdict = s.Applies(min) ? "→" : "·";
                Console.Out.WriteLine($"{verdict} {s.Kind,-10} {s.Name,-20} {s.Target ?? "(new / 新条目)",-18} {s.Confidence,5:0.00}  {s.Rows,8:N0} rows");
                foreach (var e in s.Evidence)
                {
                    Console.Out.WriteLine($"      {(e.Score > 0 ? "+" : e.Score < 0 ? "-" : " ")} {e.Text.En} / {e.Text.Zh}");
                }
            }

            var applying = suggestions.Count(s => s.Applies(min));
            Console.Out.WriteLine($"{applying} of {suggestions.Count} at confidence ≥ {min:0.00}: journey dictionary apply --min-confidence {min.ToString("0.00", CultureInfo.InvariantCulture)}");
            Console.Out.WriteLine($"{suggestions.Count} 个未映射名称中 {applying} 个置信度 ≥ {min:0.00}，可运行 journey dictionary apply");
            return Task.FromResult(0);
        }, ct));

        var apply = new Command("apply", "Write the suggestions at or above the confidence into the dictionary overlay / 把建议写入覆盖文件") { db, json, minConfidence, overlay };
        apply.SetAction((parseResult, ct) => RunAsync(host, parseResult.GetValue(db), parseResult.GetValue(json), async (observations, dictionary, asJson, store) =>
        {
            var min = parseResult.GetValue(minConfidence);
            if (min is < 0 or > 1 || double.IsNaN(min))
            {
                return CliOutput.Fail(asJson, $"--min-confidence must be between 0 and 1 / 置信度须在 0 到 1 之间: {min}", 2);
            }

            var path = ContentRoot.Combine(host.ContentRoot, parseResult.GetValue(overlay) ?? host.Configuration["Store:DictionaryOverlayPath"] ?? DefaultOverlayPath);
            var chosen = new MappingSuggester(dictionary).Suggest(observations).Where(s => s.Applies(min)).ToList();
            int added;
            try
            {
                // Checked against the built-in dictionary before it is written: a refused overlay never reaches the disk.
                added = OverlayAliases.Add(path, chosen.Select(s => (s.Kind, s.Name, s.Target!)), text => store.Vocabulary.Check(path, text));
            }
            catch (OverlayRefusedException e)
            {
                return CliOutput.Fail(asJson, $"the overlay would be refused, nothing was written / 覆盖文件无效，未写入: {e.Message}", 1);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or YamlDotNet.Core.YamlException)
            {
                return CliOutput.Fail(asJson, $"cannot write the overlay / 无法写入覆盖文件 {path}: {e.Message}", 1);
            }

            // The stored events move onto the ids at once (set-based, no re-ingest); a running bot picks the overlay up on its next question.
            var refused = added > 0 ? await store.RelabelAsync(ct) : null;
            if (refused is not null)
            {
                return CliOutput.Fail(asJson, $"the overlay was written but refused, the previous dictionary stays in force / 覆盖文件已写入但无效，仍使用原词典: {refused}", 1);
            }

            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { overlay = path, min_confidence = min, added, relabelled = added > 0, applied = chosen.Select(s => Json(s, min)) }, CliOutput.Indented));
                return 0;
            }

            foreach (var s in chosen)
            {
                Console.Out.WriteLine($"  {s.Kind,-10} {s.Name,-20} → {s.Target,-18} {s.Confidence:0.00}");
            }

            Console.Out.WriteLine($"{added} alias(es) added to {path}; the store is relabelled.");
            Console.Out.WriteLine($"已向 {path} 添加 {added} 个别名，库中数据已重新标注。");
            return 0;
        }, ct));

        root.Subcommands.Add(new Command("dictionary", "Vocabulary: list, suggest mappings, apply them / 词表：列出、建议映射、应用") { list, suggest, apply });
    }

    private static async Task<int> RunAsync(CliHost host, string? dbPath, bool asJson, Func<IReadOnlyList<NameObservation>, IJourneyDictionary, bool, JourneyStore, Task<int>> action, CancellationToken ct)
    {
        try
        {
            await using var services = host.StoreServicesAt(dbPath);
            var store = services.GetRequiredService<JourneyStore>();
            if (dbPath is null)
            {
                await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(null, ct);
            }
            else if (!store.Exists)
            {
                return CliOutput.Fail(asJson, $"no store at / 数据库不存在: {store.DatabasePath}", 2);
            }

            IReadOnlyList<NameObservation> observations;
            await using (var connection = await store.OpenAsync(readOnly: true, ct))
            {
                observations = await NameObservationReader.ReadAsync(connection, ct: ct);
            }

            return await action(observations, services.GetRequiredService<IJourneyDictionary>(), asJson, store);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or DuckDB.NET.Data.DuckDBException)
        {
            return CliOutput.Fail(asJson, $"cannot read the store / 无法读取数据库: {e.Message}", 1);
        }
    }

    private sealed record VocabularyRow(string Kind, string Id, string LabelZh, string LabelEn, long Events, bool Unmapped);

    // Every id of ours (with 0 when unused) and every unmapped name the store holds, in dictionary order.
    private static IEnumerable<VocabularyRow> Vocabulary(IReadOnlyList<NameObservation> observations, IJourneyDictionary dictionary)
    {
        var counts = observations.ToDictionary(o => (o.Kind, o.Id), o => o.Rows);
        foreach (var kind in _kinds)
        {
            foreach (var e in dictionary.Entries(kind).Where(e => !e.Id.StartsWith(NameObservation.CustomPrefix, StringComparison.Ordinal)))
            {
                yield return new VocabularyRow(kind, e.Id, e.Label.Zh, e.Label.En, counts.GetValueOrDefault((kind, e.Id)), false);
            }

            foreach (var o in observations.Where(o => o.Kind == kind && o.IsUnmapped).OrderByDescending(o => o.Rows))
            {
                yield return new VocabularyRow(kind, o.Id, o.Name, o.Name, o.Rows, true);
            }
        }
    }

    private static object Json(MappingSuggestion s, double min) => new
    {
        kind = s.Kind,
        id = s.Id,
        name = s.Name,
        rows = s.Rows,
        target = s.Target,
        confidence = s.Confidence,
        applies = s.Applies(min),
        evidence = s.Evidence.Select(e => new { kind = e.Kind, score = Math.Round(e.Score, 3), zh = e.Text.Zh, en = e.Text.En }),
    };

    private static string Zh(string kind) => kind switch
    {
        DictionaryKind.Touchpoint => "触点",
        DictionaryKind.Event => "事件",
        _ => "渠道",
    };
}
