using System.Net;
using JourneyAssistant.Store.Localization;
using Markdig;

namespace JourneyAssistant.Reports.Weekly;

/// <summary>Turns the summary Markdown into one self-contained HTML page (inline stylesheet, charts already embedded as data: URIs).</summary>
public static class SummaryHtml
{
    private static readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    private const string Style = """
        body{margin:0;background:#f4f6f9;color:#1f2933;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",system-ui,sans-serif;line-height:1.6}
        main{max-width:1000px;margin:24px auto;background:#fff;padding:32px 40px;border-radius:10px;box-shadow:0 2px 10px rgba(31,41,51,.08)}
        h1{font-size:26px;margin:0 0 8px}h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #e4e7eb}
        blockquote{margin:12px 0;padding:12px 16px;background:#eef4fb;border-left:4px solid #3b6fb6;font-size:17px}
        blockquote p{margin:0}
        table{border-collapse:collapse;width:100%;margin:8px 0;font-size:14px}
        th,td{padding:7px 10px;border-bottom:1px solid #e4e7eb;text-align:left}
        th{background:#eef2f7;color:#52606d;font-weight:600}
        td:nth-child(n+2),th:nth-child(n+2){text-align:right}
        img{max-width:100%;height:auto;border:1px solid #e4e7eb;border-radius:6px}
        li{margin:4px 0}code{background:#f4f6f9;padding:1px 4px;border-radius:3px}
        footer,.muted{color:#7b8794;font-size:13px}
        """;

    public static string Render(string markdown, string title, string languageCode)
    {
        var body = Markdown.ToHtml(markdown, _pipeline);
        var lang = Languages.FromCode(languageCode) == Language.Zh ? "zh-CN" : "en";
        return $"""
            <!DOCTYPE html>
            <html lang="{lang}">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{WebUtility.HtmlEncode(title)}</title>
            <style>
            {Style}
            </style>
            </head>
            <body>
            <main>
            {body}
            </main>
            </body>
            </html>
            """;
    }
}
