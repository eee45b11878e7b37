using System.Globalization;
using System.Text;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>Renders an <see cref="Answer"/> as WeCom markdown (headings, bold, links, quotes, font colours) and splits it to the byte limits.</summary>
public static class WeComMarkdown
{
    /// <summary>message/send markdown content limit (UTF-8 bytes).</summary>
    public const int AppMessageLimit = 2048;

    /// <summary>Group-robot markdown content limit (UTF-8 bytes).</summary>
    public const int RobotMessageLimit = 4096;

    private const int MaxRows = 10;
    private const string Ellipsis = "…";

    /// <summary>The answer as WeCom markdown: the direct answer in bold, the key rows, explanation as a quote, recommendations, scope and reference.</summary>
    public static string Render(Answer answer)
    {
        var language = Languages.Parse(answer.Language) ?? Language.Zh;
        string T(string zh, string en) => language == Language.Zh ? zh : en;
        var md = new StringBuilder();

        if (answer.Kind == AnswerKind.Summary)
        {
            md.Append("## ").Append(T("每周旅程周报", "Weekly journey summary")).Append("\n\n");
        }

        // Info replies (welcome, subscription confirmations) are several lines: bold would break across them.
        md.Append(answer.Kind == AnswerKind.Info ? Escape(answer.Text) : $"**{Escape(answer.Text)}**");

        if (answer.GeneratedSql)
        {
            md.Append("\n\n<font color=\"warning\">").Append(T("生成的 SQL，请复核", "Generated SQL — please review")).Append("</font>");
        }

        if (answer.Rows.Count > 0 && answer.Columns.Count > 0)
        {
            md.Append("\n\n");
            foreach (var row in answer.Rows.Take(MaxRows))
            {
                var cells = answer.Columns.Select((c, i) => (c, v: i < row.Length ? Format(c, row[i]) : ""));
                md.Append("- ").AppendJoin(" · ", cells.Select(x => $"{Escape(x.c.Label)}: {Escape(x.v)}")).Append('\n');
            }

            if (answer.Rows.Count > MaxRows)
            {
                md.Append("<font color=\"comment\">")
                    .Append(T($"另有 {answer.Rows.Count - MaxRows} 行未显示", $"{answer.Rows.Count - MaxRows} more rows not shown"))
                    .Append("</font>\n");
            }

            md.Length--;
        }

        if (!string.IsNullOrWhiteSpace(answer.Explanation))
        {
            md.Append("\n\n");
            foreach (var line in answer.Explanation.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                md.Append("> ").Append(Escape(line)).Append('\n');
            }

            md.Length--;
        }

        if (answer.Recommendations.Count > 0)
        {
            md.Append("\n\n**").Append(T("建议", "Recommendations")).Append("**\n");
            foreach (var r in answer.Recommendations)
            {
                md.Append("- ").Append(Escape(r.Action))
                    .Append(" <font color=\"info\">").Append(T("关注：", "watch: ")).Append(Escape(r.Metric)).Append("</font>");
                if (!string.IsNullOrWhiteSpace(r.Owner))
                {
                    md.Append(" (").Append(Escape(r.Owner)).Append(')');
                }

                md.Append('\n');
            }

            md.Length--;
        }

        if (answer.FollowUps.Count > 0)
        {
            md.Append("\n\n").Append(T("你还可以问：", "You can also ask:")).Append('\n');
            md.AppendJoin('\n', answer.FollowUps.Take(3).Select(f => $"- {Escape(f)}"));
        }

        var footer = new List<string>();
        if (!string.IsNullOrWhiteSpace(answer.DataScope))
        {
            footer.Add(T("数据范围：", "Data scope: ") + Escape(answer.DataScope));
        }

        if (!string.IsNullOrWhiteSpace(answer.Reference))
        {
            footer.Add(T("参考编号：", "Reference: ") + Escape(answer.Reference));
        }

        if (footer.Count > 0)
        {
            md.Append("\n\n<font color=\"comment\">").AppendJoin(" · ", footer).Append("</font>");
        }

        return md.ToString();
    }

    /// <summary>
    /// Splits markdown into chunks of at most <paramref name="maxBytes"/> UTF-8 bytes, on paragraph boundaries where possible,
    /// then on lines, and trims an over-long line at a character boundary with "…". At most <paramref name="maxChunks"/> chunks.
    /// </summary>
    public static IReadOnlyList<string> Split(string markdown, int maxBytes, int maxChunks = 5)
    {
        var pieces = new List<string>();
        foreach (var paragraph in markdown.Replace("\r\n", "\n").Split("\n\n"))
        {
            if (Bytes(paragraph) <= maxBytes)
            {
                pieces.Add(paragraph);
                continue;
            }

            foreach (var line in paragraph.Split('\n'))
            {
                pieces.Add(Bytes(line) <= maxBytes ? line : Trim(line, maxBytes));
            }
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var piece in pieces.Where(p => p.Length > 0))
        {
            var separator = current.Length == 0 ? "" : "\n\n";
            if (current.Length > 0 && Bytes(current.ToString()) + Bytes(separator + piece) > maxBytes)
            {
                chunks.Add(current.ToString());
                current.Clear();
                separator = "";
            }

            current.Append(separator).Append(piece);
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        if (chunks.Count > maxChunks)
        {
            chunks = chunks.Take(maxChunks).ToList();
            chunks[^1] = Trim(chunks[^1] + "\n\n" + Ellipsis, maxBytes);
        }

        return chunks;
    }

    /// <summary>UTF-8 byte count, the unit WeCom's limits use.</summary>
    public static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> bytes without splitting a character, ending with "…".</summary>
    public static string Trim(string text, int maxBytes)
    {
        if (Bytes(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Bytes(Ellipsis);
        var result = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            result.Append(rune.ToString());
            used += rune.Utf8SequenceLength;
        }

        return result.Append(Ellipsis).ToString();
    }

    private static string Format(AnswerColumn column, object? value)
    {
        if (value is null)
        {
            return "—";
        }

        if (value is double or float or decimal)
        {
            var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            // Rates and shares arrive as fractions; people read them as percentages.
            var isRatio = column.Name.Contains("rate", StringComparison.OrdinalIgnoreCase) || column.Name.Contains("share", StringComparison.OrdinalIgnoreCase)
                || column.Name.Contains("ratio", StringComparison.OrdinalIgnoreCase) || column.Name.EndsWith("pct", StringComparison.OrdinalIgnoreCase);
            return isRatio && Math.Abs(d) <= 1
                ? (d * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
                : d.ToString(Math.Abs(d) < 1 ? "0.####" : "#,0.##", CultureInfo.InvariantCulture);
        }

        return value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
    }

    // Our own text must not open WeCom markup by accident (e.g. a "<font" in a label).
    private static string Escape(string text) => text.Replace("<", "‹").Replace(">", "›");
}
