using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using JourneyAssistant.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Audit;

/// <summary>/audit for analysts: every question with who, where, which skill, parameters, SQL, rows, duration and outcome; filters; CSV export.</summary>
public static class AuditEndpoints
{
    public const string CookieName = "journey_audit";
    public const string KeyHeader = "X-Audit-Key";

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", PageAsync);
        app.MapGet("/audit.csv", CsvAsync);
        return app;
    }

    /// <summary>Allowed when the user has the analyst role, presents the dev key (header, query or cookie), or loopback access is explicitly on.</summary>
    public static bool IsAnalyst(HttpContext http, AuditOptions options)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(options.AnalystRole))
        {
            return true;
        }

        if (!string.IsNullOrEmpty(options.DevKey))
        {
            var now = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
            if (AuditSession.IsValid(options.DevKey, http.Request.Cookies[CookieName], now))
            {
                return true;
            }

            // The key itself is accepted only where it was typed or configured (header or link), never as a cookie.
            var presented = http.Request.Headers[KeyHeader].FirstOrDefault() ?? http.Request.Query["key"].FirstOrDefault();
            if (presented is not null
                && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(options.DevKey))))
            {
                var expires = now.AddHours(Math.Clamp(options.SessionHours, 0.1, 24 * 7));
                // Path "/" so /audit.csv, linked from the page, gets it too; HttpOnly + Strict keep scripts and other sites out.
                http.Response.Cookies.Append(CookieName, AuditSession.Issue(options.DevKey, expires), new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/", Expires = expires,
                });
                return true;
            }
        }

        return options.AllowLoopback && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
    }

    private static IResult Refuse(HttpContext http) =>
        Results.Content(
            "<!DOCTYPE html><meta charset=\"utf-8\"><title>403</title><p>仅限分析师访问。/ Analysts only.</p>"
            + "<p>Configure Audit:AnalystRole, Audit:DevKey or Audit:AllowLoopback (see docs/BOT.md).</p>",
            "text/html; charset=utf-8", Encoding.UTF8, http.User.Identity?.IsAuthenticated == true ? 403 : 401);

    private static AuditFilter FilterOf(HttpRequest request) => new(
        User: request.Query["user"].FirstOrDefault(),
        Skill: request.Query["skill"].FirstOrDefault(),
        Outcome: request.Query["outcome"].FirstOrDefault(),
        Limit: int.TryParse(request.Query["limit"], out var limit) ? Math.Clamp(limit, 1, 10_000) : 500);

    private static async Task<IResult> PageAsync(HttpContext http, IAuditSource source, IOptions<AuditOptions> options)
    {
        if (!IsAnalyst(http, options.Value))
        {
            return Refuse(http);
        }

        var filter = FilterOf(http.Request);
        var records = await source.QueryAsync(filter, http.RequestAborted);
        var e = Encoder;
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>审计 · Audit — JourneyAssistant</title>
            <style>body{font-family:"Noto Sans CJK SC","Segoe UI",sans-serif;margin:16px}table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}th{background:#eef}pre{margin:0;white-space:pre-wrap;word-break:break-all;max-width:520px}
            .Failed{background:#fde7e9}.Declined{background:#fff4ce}</style></head><body>
            <h1>审计 / Audit</h1>
            """);
        html.Append("<form method=\"get\">")
            .Append($"<label>用户 User <input name=\"user\" value=\"{e.Encode(filter.User ?? "")}\"></label> ")
            .Append($"<label>技能 Skill <input name=\"skill\" value=\"{e.Encode(filter.Skill ?? "")}\"></label> ")
            .Append($"<label>结果 Outcome <input name=\"outcome\" value=\"{e.Encode(filter.Outcome ?? "")}\"></label> ")
            .Append("<button type=\"submit\">筛选 Filter</button> ")
            .Append($"<a href=\"/audit.csv{e.Encode(http.Request.QueryString.Value ?? "")}\">CSV</a></form>");
        html.Append($"<p>{records.Count} 条记录 / records</p><table><thead><tr>");
        foreach (var h in Headers)
        {
            html.Append("<th>").Append(e.Encode(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var r in records)
        {
            html.Append($"<tr class=\"{e.Encode(r.Outcome)}\">");
            var cells = Cells(r).ToList();
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (Headers[i] == "sql" && cell.Length > 0)
                {
                    // Long SQL folds away so the table stays scannable; the exact text is one click (or the CSV) away.
                    var firstLine = cell.Split('\n').FirstOrDefault(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))?.Trim() ?? "SQL";
                    html.Append($"<td><details><summary>{e.Encode(firstLine.Length > 40 ? firstLine[..40] + "…" : firstLine)}</summary><pre>{e.Encode(cell)}</pre></details></td>");
                }
                else
                {
                    html.Append(cell.Contains('\n') || cell.Length > 80 ? $"<td><pre>{e.Encode(cell)}</pre></td>" : $"<td>{e.Encode(cell)}</td>");
                }
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> CsvAsync(HttpContext http, IAuditSource source, IOptions<AuditOptions> options)
    {
        if (!IsAnalyst(http, options.Value))
        {
            return Refuse(http);
        }

        var records = await source.QueryAsync(FilterOf(http.Request), http.RequestAborted);
        var csv = new StringBuilder();
        csv.AppendJoin(',', Headers.Select(Quote)).Append("\r\n");
        foreach (var r in records)
        {
            csv.AppendJoin(',', Cells(r).Select(Quote)).Append("\r\n");
        }

        // BOM so Excel opens the Chinese text as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", $"journey-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
    }

    // Chinese stays readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static readonly string[] Headers =
        ["time", "user", "channel", "question", "skill", "parameters", "sql", "rows", "duration_ms", "outcome", "reference"];

    private static IEnumerable<string> Cells(QuestionRecord r) =>
    [
        r.Time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        r.User,
        r.Channel,
        r.Question,
        r.Skill ?? "",
        r.Parameters.Count == 0 ? "" : JsonSerializer.Serialize(r.Parameters, ProtocolJson.Options),
        r.Sql ?? "",
        r.Rows.ToString(CultureInfo.InvariantCulture),
        ((long)r.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        r.Outcome,
        r.Reference ?? "",
    ];

    /// <summary>RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets never run a cell as a formula.</summary>
    internal static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
