using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Apparel;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using static JourneyAssistant.Cli.Commands.CliOutput;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>`journey bench ingest`: generate canonical files, then time ingest + identity stitching.</summary>
internal static class IngestBench
{
    public static Command Create(CliHost host)
    {
        var people = new Option<int>("--people") { Description = "People to simulate (canonical mode writes several events each) / 模拟人数", DefaultValueFactory = _ => 200_000 };
        var runs = new Option<int>("--runs") { Description = "Timed runs; the median is reported / 运行次数（取中位数）", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Generator seed / 随机种子", DefaultValueFactory = _ => 42 };
        var work = new Option<string?>("--work") { Description = "Scratch folder (default: a temp folder, deleted afterwards) / 临时目录" };
        var verbose = new Option<bool>("--verbose") { Description = "Print the time of every ingest step on stderr / 输出每步耗时" };
        var json = CliOptions.Json(CliOptions.ExactlyOneJsonObjectOnStdout);
        var keep = new Option<bool>("--keep") { Description = "Keep the last run's DuckDB file in the work folder (for query timings) / 保留数据库文件" };
        var command = new Command("ingest", "Generate canonical files, then time ingest + identity stitching / 导入性能基准") { people, runs, seed, work, verbose, keep, json };
        command.SetAction(async (parseResult, ct) =>
        {
            var asJson = parseResult.GetValue(json);
            var runCount = Math.Max(1, parseResult.GetValue(runs));
            var workDir = parseResult.GetValue(work) is { } w ? ContentRoot.Combine(Directory.GetCurrentDirectory(), w) : Path.Combine(Path.GetTempPath(), $"journey-bench-{Environment.ProcessId}");
            var ownsWork = parseResult.GetValue(work) is null;
            try
            {
                var dataDir = Path.Combine(workDir, "canonical");
                Console.Error.WriteLine($"generating canonical files for {N(parseResult.GetValue(people))} people / 生成数据… ({dataDir})");
                var manifest = ApparelSampleGenerator.Write(new SampleOptions(People: parseResult.GetValue(people), Seed: parseResult.GetValue(seed), Canonical: true), dataDir);
                var bytes = manifest.Files.Sum(f => new FileInfo(f).Length);
                Console.Error.WriteLine($"generated {N(manifest.Rows)} rows in {manifest.Files.Count} files ({bytes / 1048576.0:0} MB) in {manifest.Elapsed.TotalSeconds:0.0}s");

                var results = new List<(double Seconds, double LoadSeconds, double StitchSeconds, IngestReport Report)>();
                for (var run = 1; run <= runCount; run++)
                {
                    var dbFile = Path.Combine(workDir, $"bench-{run}.duckdb");
                    foreach (var stale in new[] { dbFile, dbFile + ".wal" })
                    {
                        File.Delete(stale);
                    }

                    await using var services = host.StoreServices(host.With(new Dictionary<string, string?> { ["Store:Path"] = dbFile, ["Store:PiiKey"] = BenchStore.PiiKey }));
                    var clock = Stopwatch.StartNew();
                    var steps = parseResult.GetValue(verbose)
                        ? new StatusProgress(step => Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds,7:0.00}s {step}"))
                        : null;
                    var report = await services.GetRequiredService<IngestionService>().IngestAsync(manifest.Files, null, steps, ct);
                    clock.Stop();
                    var load = report.Files.Sum(f => f.Duration.TotalSeconds);
                    results.Add((clock.Elapsed.TotalSeconds, load, report.Stitch.Duration.TotalSeconds, report));
                    Console.Error.WriteLine($"run {run}: {N(report.Accepted)} events, load {load:0.00}s, stitch {report.Stitch.Duration.TotalSeconds:0.00}s, total {clock.Elapsed.TotalSeconds:0.00}s, {report.Accepted / clock.Elapsed.TotalSeconds:#,0} events/s");
                    if (!(parseResult.GetValue(keep) && run == runCount))
                    {
                        File.Delete(dbFile);
                    }
                }

                var median = results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);
                var events = median.Report.Accepted;
                var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
                var summary = new
                {
                    people = parseResult.GetValue(people),
                    runs = runCount,
                    input_rows = median.Report.InputRows,
                    events,
                    persons = median.Report.Persons,
                    median_seconds = Math.Round(median.Seconds, 3),
                    median_load_seconds = Math.Round(median.LoadSeconds, 3),
                    median_stitch_seconds = Math.Round(median.StitchSeconds, 3),
                    events_per_second = Math.Round(events / median.Seconds),
                    load_events_per_second = Math.Round(median.Report.InputRows / median.LoadSeconds),
                    peak_working_set_mb = Math.Round(peakMb),
                    input_mb = Math.Round(bytes / 1048576.0),
                    processors = Environment.ProcessorCount,
                    all_seconds = results.Select(r => Math.Round(r.Seconds, 3)),
                };
                if (asJson)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(summary, CliOutput.Indented));
                }
                else
                {
                    Console.Out.WriteLine($"bench ingest: {N(events)} events ({N(median.Report.InputRows)} input rows), {N(median.Report.Persons)} persons, median of {runCount} run(s)");
                    Console.Out.WriteLine($"  total (load + stitch): {median.Seconds:0.00} s  → {events / median.Seconds:#,0} events/s");
                    Console.Out.WriteLine($"  load: {median.LoadSeconds:0.00} s → {median.Report.InputRows / median.LoadSeconds:#,0} rows/s;  stitch: {median.StitchSeconds:0.00} s");
                    Console.Out.WriteLine($"  peak working set / 峰值内存: {peakMb:#,0} MB   cores: {Environment.ProcessorCount}");
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or DuckDB.NET.Data.DuckDBException)
            {
                return CliOutput.Fail(asJson, $"bench failed / 基准失败: {e.Message}", 1);
            }
            finally
            {
                if (ownsWork && Directory.Exists(workDir))
                {
                    Directory.Delete(workDir, recursive: true);
                }
            }
        });
        return command;
    }
}
