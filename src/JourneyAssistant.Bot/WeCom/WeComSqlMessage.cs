using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// The SQL behind an answer as its own WeCom text message. WeCom's markdown has no multi-line code block (inline code
/// only) and would re-flow the lines, so the SQL goes as plain text, which WeCom shows and copies as sent. SQL that
/// does not fit one message is not cut (a cut query cannot be audited or re-run): the reply points to /audit instead.
/// </summary>
public static class WeComSqlMessage
{
    public static string Header(string language) => Languages.FromCode(language) == Language.Zh ? "本次查询的 SQL（原样，可复制）：\n" : "The SQL this answer ran (exact, copyable):\n";

    /// <summary>The text message for the answer's SQL, or null when the answer ran none.</summary>
    public static string? For(Answer answer)
    {
        if (string.IsNullOrWhiteSpace(answer.Sql))
        {
            return null;
        }

        var text = Header(answer.Language) + answer.Sql;
        if (WeComMarkdown.Bytes(text) <= WeComMarkdown.AppMessageLimit)
        {
            return text;
        }

        return Languages.FromCode(answer.Language) == Language.Zh
            ? $"本次查询的 SQL 太长（{WeComMarkdown.Bytes(answer.Sql):N0} 字节），无法在一条企业微信消息中完整发送；请在问答审计页 /audit 查看并复制。"
            : $"The SQL this answer ran is too long ({WeComMarkdown.Bytes(answer.Sql):N0} bytes) for one WeCom message; see and copy it on the audit page, /audit.";
    }
}
