using System.CommandLine;
using System.Globalization;

namespace JourneyAssistant.Cli.Commands;

/// <summary>The options many commands share (--json, --db, --as-of) and how their values are read; descriptions stay each command's own.</summary>
internal static class CliOptions
{
    /// <summary>The --json wording of most commands.</summary>
    public const string OneJsonObject = "Print one JSON object / 输出 JSON";

    /// <summary>The --json wording of `ask` and `dictionary`.</summary>
    public const string ExactlyOneJsonObject = "Print exactly one JSON object / 输出一个 JSON 对象";

    /// <summary>The --json wording of `skills`, `sql`, `audit`, `ingest` and `db`.</summary>
    public const string ExactlyOneJsonObjectOnStdout = "Print exactly one JSON object on stdout / 输出一个 JSON 对象";

    public static Option<bool> Json(string description = OneJsonObject) => new("--json") { Description = description };

    public static Option<string?> Db(string description) => new("--db") { Description = description };

    /// <summary>--db of the analyst's commands: `ask`, `chat`, `eval`, `bench ask`.</summary>
    public static Option<string?> AnalystDb() => Db("Store file (default Store:Path) / 数据库文件");

    /// <summary>--db of `summary` and `bench charts`, whose audit log goes beside the store.</summary>
    public static Option<string?> ReportsDb() => Db("Store file (default Store:Path); its audit log goes beside it / 数据库文件");

    public static Option<string?> AsOf(string description) => new("--as-of") { Description = description };

    /// <summary>Reads an --as-of value: absent is fine (null, "today"); present it must be yyyy-MM-dd.</summary>
    public static bool TryAsOf(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
