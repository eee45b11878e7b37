using System.Text.Json;
using JourneyAssistant.Samples;
using JourneyAssistant.Samples.Retail;

namespace JourneyAssistant.Cli.Commands;

/// <summary>`journey sample generate --company retail`: writes the retail chain's canonical files and ground truth, and says what it wrote.</summary>
internal static class RetailSampleOutput
{
    public static int Write(SampleOptions options, string outDir, bool json)
    {
        RetailManifest manifest;
        try
        {
            manifest = RetailSampleGenerator.Write(options, outDir);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"sample generation failed / 生成失败: {ex.Message}");
            return 1;
        }

        var sample = manifest.Sample;
        var truth = manifest.Truth;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                output = outDir,
                company = truth.Company,
                people = sample.People,
                events = sample.Events,
                duplicates = sample.DuplicateRows,
                rows = sample.Rows,
                seconds = Math.Round(sample.Elapsed.TotalSeconds, 3),
                files = sample.FileStats.Select(f => new { path = f.Path, source = f.Source, rows = f.Rows, events = f.Events, duplicates = f.DuplicateRows, bytes = f.Bytes }),
                ground_truth = manifest.TruthPath,
            }));
            return 0;
        }

        var leak = truth.BiggestLeak;
        Console.WriteLine($"Wrote {sample.Events:N0} events + {sample.DuplicateRows:N0} duplicates for {truth.Persons:N0} people (retail chain, own names, UTC) → {outDir}");
        Console.WriteLine($"Truth: {truth.Buyers:N0} buyers, {truth.Orders:N0} orders, revenue {truth.Revenue:N2} {truth.Currency}; biggest leak {leak.From} → {leak.To} loses {leak.LostShare:P0}");
        Console.WriteLine($"已生成零售样例 {sample.Events:N0} 条事件（重复 {sample.DuplicateRows:N0}），最大流失：{leak.From} → {leak.To} 流失 {leak.LostShare:P0}");
        foreach (var f in sample.FileStats)
        {
            Console.WriteLine($"  {Path.GetFileName(f.Path),-28} {f.Source,-10} {f.Rows,10:N0} rows {f.Bytes / 1024.0,10:N0} KB");
        }

        Console.WriteLine($"  ground truth {Path.GetFileName(manifest.TruthPath)}");
        Console.WriteLine($"Next / 下一步: journey ingest {Path.Combine(outDir, "touchpoints_*.csv")}");
        return 0;
    }
}
