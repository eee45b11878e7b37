using System.Globalization;
using JourneyAssistant.Store.Ingestion;
using Spectre.Console;
using static JourneyAssistant.Cli.Commands.CliOutput;

namespace JourneyAssistant.Cli.Commands;

/// <summary>What `journey ingest` says about a load: one JSON object with --json, else a table per file and the totals, screening and rejections.</summary>
internal static class IngestReportView
{
    public static object Json(IngestReport report) => new
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

    public static void Write(IngestReport report, string dbPath)
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
}
