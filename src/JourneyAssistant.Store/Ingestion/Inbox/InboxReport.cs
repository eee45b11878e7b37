using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JourneyAssistant.Store.Ingestion.Inbox;

/// <summary>The names an inbox file takes in <c>done/</c> and <c>failed/</c>, and the JSON report written beside it.</summary>
internal static partial class InboxReport
{
    public const string Suffix = ".report.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary><c>20261204-061500-orders.csv</c>: the time the load started (UTC), so a file sent every day under one name keeps each day's copy.</summary>
    public static string StoredName(DateTimeOffset startedAt, string name) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + name;

    /// <summary>The name the sender gave the file, from its stored name.</summary>
    public static string OriginalName(string storedName) => TimePrefix().Replace(storedName, "", 1);

    public static async Task<string> WriteLoadedAsync(string stored, string name, DateTimeOffset startedAt, DateTimeOffset finishedAt, IngestReport report, CancellationToken ct)
    {
        var body = new
        {
            File = name,
            Outcome = "loaded",
            StoredAs = Path.GetFileName(stored),
            StartedAt = startedAt.UtcDateTime,
            FinishedAt = finishedAt.UtcDateTime,
            report.InputRows,
            report.Accepted,
            report.Duplicates,
            report.Rejected,
            report.UnmappedRows,
            report.Persons,
            AlreadyIngested = report.Files.All(f => f.AlreadyIngested),
            Seconds = Math.Round(report.Duration.TotalSeconds, 2),
            Rejections = report.Files.SelectMany(f => f.Rejections).Select(r => new { r.Code, r.Count, r.Example }),
        };
        // Written under a temporary name and renamed: a report that exists is a complete one, which Recover relies on.
        var path = stored + Suffix;
        await File.WriteAllTextAsync(path + ".writing", JsonSerializer.Serialize(body, Json), ct);
        File.Move(path + ".writing", path, overwrite: true);
        return path;
    }

    public static string WriteFailed(string failed, string name, DateTimeOffset startedAt, DateTimeOffset finishedAt, string error)
    {
        var body = new { File = name, Outcome = "failed", StoredAs = Path.GetFileName(failed), StartedAt = startedAt.UtcDateTime, FinishedAt = finishedAt.UtcDateTime, Error = error };
        var path = failed + Suffix;
        File.WriteAllText(path, JsonSerializer.Serialize(body, Json));
        return path;
    }

    [GeneratedRegex(@"^\d{8}-\d{6}-")]
    private static partial Regex TimePrefix();
}
