using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using JourneyAssistant.Store.Ingestion;
using Spectre.Console;

namespace JourneyAssistant.Cli.Commands;

/// <summary>How commands print: the two JSON styles of --json, failures as one line (or one JSON object), and the stderr spinner.</summary>
internal static class CliOutput
{
    /// <summary>Indented snake_case JSON with Chinese and punctuation unescaped: skills, sql, audit, ingest, db, dictionary.</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>JSON as `ask`, `eval` and `bench ask` print it: Chinese kept readable, one line.</summary>
    public static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>
    /// A failure: with --json one object <c>{"error": …}</c> on stdout (so a script still reads exactly one object),
    /// else the message on stderr. Returns <paramref name="code"/>, the exit code.
    /// </summary>
    public static int Fail(bool asJson, string message, int code, JsonSerializerOptions? json = null) =>
        Fail(asJson, message, new { error = message }, code, json ?? Indented);

    /// <summary>A failure of `skills` or `sql`, whose JSON always names the run's outcome and audit record (null before anything ran).</summary>
    public static int FailWithAudit(bool asJson, string message, int code, string? outcome = null, string? auditId = null) =>
        Fail(asJson, message, new { error = message, outcome, audit_id = auditId }, code, Indented);

    /// <summary>Runs work under a Spectre status spinner on stderr, so stdout stays clean for --json; the work's progress is shown as the status.</summary>
    public static async Task WithStatusAsync(string title, Func<IProgress<IngestProgress>, Task> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Status().StartAsync(title, async context =>
        {
            var progress = new StatusProgress(step => context.Status(Markup.Escape(step)));
            await work(progress);
        });
    }

    /// <summary>A count as the store commands print it: 1,234,567.</summary>
    public static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A share as the store commands print it: 12.3% (0% of nothing).</summary>
    public static string Pct(long part, long whole) => whole == 0 ? "0%" : (part / (double)whole).ToString("0.0%", CultureInfo.InvariantCulture);

    private static int Fail(bool asJson, string message, object payload, int code, JsonSerializerOptions json)
    {
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(payload, json));
        }
        else
        {
            Console.Error.WriteLine(message);
        }

        return code;
    }
}
