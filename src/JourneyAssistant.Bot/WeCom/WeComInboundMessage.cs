using System.Xml;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>A decrypted WeCom callback message (text, image, voice, event, ...).</summary>
public sealed record WeComInboundMessage(
    string ToUserName,
    string FromUserName,
    long CreateTime,
    string MsgType,
    string? Content,
    string? MsgId,
    string? Event,
    string? AgentId)
{
    /// <summary>Key that identifies WeCom's retries of the same callback: MsgId, else sender + time + event.</summary>
    public string DeduplicationKey => !string.IsNullOrEmpty(MsgId) ? $"msg:{MsgId}" : $"evt:{FromUserName}:{CreateTime}:{Event}";

    /// <summary>Reads the flat &lt;xml&gt; element WeCom sends; null when it is not well-formed or lacks the sender.</summary>
    public static WeComInboundMessage? Parse(string xml) => ParseFields(xml) is { } f && f.TryGetValue("FromUserName", out var from) && from.Length > 0
        ? new WeComInboundMessage(
            f.GetValueOrDefault("ToUserName", ""),
            from,
            long.TryParse(f.GetValueOrDefault("CreateTime"), out var t) ? t : 0,
            f.GetValueOrDefault("MsgType", ""),
            f.GetValueOrDefault("Content"),
            f.GetValueOrDefault("MsgId"),
            f.GetValueOrDefault("Event"),
            f.GetValueOrDefault("AgentID"))
        : null;

    /// <summary>The direct children of the root &lt;xml&gt; element by name; null when the XML is malformed.</summary>
    public static Dictionary<string, string>? ParseFields(string xml)
    {
        // No DTDs, no external entities: the body is attacker-controlled until its signature is checked.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 1_000_000,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.Name != "xml")
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (reader.IsEmptyElement)
            {
                return fields;
            }

            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var name = reader.Name;
                    // Nested elements (rare in WeCom events) are kept as their inner text.
                    fields[name] = reader.ReadElementContentAsStringOrInner();
                }
                else
                {
                    reader.Read();
                }
            }

            return fields;
        }
        catch (XmlException)
        {
            return null;
        }
    }
}

internal static class XmlReaderExtensions
{
    /// <summary>Text of a simple element, or the concatenated text of a nested one; leaves the reader after it.</summary>
    public static string ReadElementContentAsStringOrInner(this XmlReader reader)
    {
        using var subtree = reader.ReadSubtree();
        subtree.MoveToContent();
        var text = new System.Text.StringBuilder();
        while (subtree.Read())
        {
            if (subtree.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text.Append(subtree.Value);
            }
        }

        reader.Read();
        return text.ToString();
    }
}
