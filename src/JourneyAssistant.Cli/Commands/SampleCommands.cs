using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Apparel;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey sample generate`: writes the deterministic sample (raw exports + mappings, or canonical CSV).</summary>
public sealed class SampleCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host)
    {
        var people = new Option<int>("--people") { Description = "People to simulate (about 5 events each) / 模拟人数", DefaultValueFactory = _ => new SampleOptions().People };
        var seed = new Option<int>("--seed") { Description = "Random seed; same seed → identical files / 随机种子", DefaultValueFactory = _ => new SampleOptions().Seed };
        var output = new Option<string?>("--out") { Description = "Output folder (default: sample-data, or data/sample-canonical with --canonical) / 输出目录" };
        var canonical = new Option<bool>("--canonical") { Description = "Write the canonical touchpoint format instead of raw exports / 输出标准格式" };
        var endDate = new Option<string?>("--end-date") { Description = "Last local day of the window, yyyy-MM-dd (default 2026-11-22) / 结束日期" };
        var days = new Option<int>("--days") { Description = "Window length in days / 天数", DefaultValueFactory = _ => new SampleOptions().Days };
        var noNoise = new Option<bool>("--no-noise") { Description = "No duplicate or bad rows / 不加入噪声行" };
        var json = CliOptions.Json();
        var company = new Option<string>("--company", "--vocabulary")
        {
            Description = "Company shape: apparel (our names, raw exports) or retail (its own names, canonical CSV + ground_truth.json) / 公司类型",
            DefaultValueFactory = _ => "apparel",
        };
        company.AcceptOnlyFromAmong("apparel", "retail");

        var generate = new Command("generate", "Generate realistic multi-channel sample data / 生成样例数据")
        {
            people, seed, output, canonical, endDate, days, noNoise, json, company,
        };
        generate.SetAction(parseResult =>
        {
            DateOnly end = default;
            var endText = parseResult.GetValue(endDate);
            if (!string.IsNullOrWhiteSpace(endText) &&
                !DateOnly.TryParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
            {
                Console.Error.WriteLine($"--end-date must look like 2026-11-22 / 日期格式应为 2026-11-22: '{endText}'");
                return 2;
            }

            var options = new SampleOptions(
                People: parseResult.GetValue(people),
                Seed: parseResult.GetValue(seed),
                EndDate: end,
                Days: parseResult.GetValue(days),
                Canonical: parseResult.GetValue(canonical),
                Noise: !parseResult.GetValue(noNoise));
            if (parseResult.GetValue(company) == "retail")
            {
                return RetailSampleOutput.Write(options, ContentRoot.Combine(host.ContentRoot, parseResult.GetValue(output) ?? "data/sample-retail"), parseResult.GetValue(json));
            }

            var outDir = ContentRoot.Combine(host.ContentRoot, parseResult.GetValue(output) ?? (options.Canonical ? "data/sample-canonical" : "sample-data"));
            SampleManifest manifest;
            try
            {
                manifest = ApparelSampleGenerator.Write(options, outDir);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sample generation failed / 生成失败: {ex.Message}");
                return 1;
            }

            var seconds = manifest.Elapsed.TotalSeconds;
            var perSecond = seconds > 0 ? manifest.Rows / seconds : 0;
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    output = outDir,
                    people = manifest.People,
                    events = manifest.Events,
                    duplicates = manifest.DuplicateRows,
                    bad_rows = manifest.BadRows,
                    rows = manifest.Rows,
                    seconds = Math.Round(seconds, 3),
                    rows_per_second = Math.Round(perSecond),
                    files = manifest.FileStats.Select(f => new { path = f.Path, source = f.Source, rows = f.Rows, events = f.Events, duplicates = f.DuplicateRows, bad_rows = f.BadRows, bytes = f.Bytes }),
                    mappings = manifest.Mappings,
                    truth = new
                    {
                        buyers = manifest.Truth.Buyers,
                        repeat_buyers = manifest.Truth.RepeatBuyers,
                        member_buyers = manifest.Truth.MemberBuyers,
                        member_repeat_buyers = manifest.Truth.MemberRepeatBuyers,
                        reached_payment = manifest.Truth.ReachedPayment,
                        paid_online = manifest.Truth.PaidOnline,
                    },
                }));
                return 0;
            }

            Console.WriteLine($"Wrote {manifest.Events:N0} events + {manifest.DuplicateRows:N0} duplicates + {manifest.BadRows:N0} bad rows for {manifest.People:N0} people in {seconds:F2} s ({perSecond:N0} rows/s) → {outDir}");
            var truth = manifest.Truth;
            Console.WriteLine($"Truth: {truth.Buyers:N0} buyers, {truth.RepeatBuyers:N0} repeat ({(truth.Buyers > 0 ? 100.0 * truth.RepeatBuyers / truth.Buyers : 0):F0}%; members {(truth.MemberBuyers > 0 ? 100.0 * truth.MemberRepeatBuyers / truth.MemberBuyers : 0):F0}%), payment reached {truth.ReachedPayment:N0}, paid {truth.PaidOnline:N0} ({(truth.ReachedPayment > 0 ? 100.0 * (truth.ReachedPayment - truth.PaidOnline) / truth.ReachedPayment : 0):F0}% lost at payment)");
            Console.WriteLine($"已生成 {manifest.Events:N0} 条事件（重复 {manifest.DuplicateRows:N0}，坏行 {manifest.BadRows:N0}）");
            foreach (var f in manifest.FileStats)
            {
                Console.WriteLine($"  {Path.GetFileName(f.Path),-28} {f.Source,-18} {f.Rows,10:N0} rows {f.Bytes / 1024.0,10:N0} KB");
            }

            foreach (var m in manifest.Mappings)
            {
                Console.WriteLine($"  mapping {Path.GetRelativePath(outDir, m)}");
            }

            return 0;
        });

        var sample = new Command("sample", "Sample data / 样例数据") { generate };
        root.Add(sample);
    }
}
