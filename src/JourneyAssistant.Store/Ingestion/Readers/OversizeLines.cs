using System.Text;

namespace JourneyAssistant.Store.Ingestion.Readers;

/// <summary>A line longer than the reader's limit: its line number (the header is line 1), its size, and the start of its text.</summary>
public sealed record OversizeLine(long Line, long Bytes, string Prefix);

/// <summary>
/// DuckDB's CSV reader rejects a line over max_line_size but keeps its text cut at a byte count; cut inside a multi-byte
/// character (any long line of Chinese), that text is invalid UTF-8 and the whole file fails. So such a file is read from
/// a copy where each oversize line is replaced by a line the reader rejects on its own (too many columns), and the line
/// goes to quarantine with the start of its real text, cut at a character boundary.
/// </summary>
public static class OversizeLines
{
    /// <summary>Characters of an oversize line's text kept for the quarantine.</summary>
    public const int PrefixChars = 65_536;

    /// <summary>Writes <paramref name="copy"/>: <paramref name="path"/> with every line over <paramref name="maxBytes"/> replaced by <paramref name="marker"/>.</summary>
    public static IReadOnlyList<OversizeLine> CopyWithMarkers(string path, string copy, int maxBytes, string marker)
    {
        var found = new List<OversizeLine>();
        var markerBytes = Encoding.UTF8.GetBytes(marker);
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var output = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var line = new MemoryStream();
        var buffer = new byte[1 << 20];
        long lineNumber = 1, lineBytes = 0;
        var oversize = false;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                Append(buffer.AsSpan(start, i - start));
                EndLine(terminated: true);
                start = i + 1;
            }

            Append(buffer.AsSpan(start, read - start));
        }

        if (lineBytes > 0)
        {
            EndLine(terminated: false);
        }

        return found;

        void Append(ReadOnlySpan<byte> bytes)
        {
            lineBytes += bytes.Length;
            if (!oversize)
            {
                line.Write(bytes);
                oversize = line.Length > maxBytes;
            }
        }

        void EndLine(bool terminated)
        {
            if (oversize)
            {
                found.Add(new OversizeLine(lineNumber, lineBytes, Prefix(line)));
                output.Write(markerBytes);
            }
            else
            {
                line.Position = 0;
                line.CopyTo(output);
            }

            if (terminated)
            {
                output.WriteByte((byte)'\n');
            }

            line.SetLength(0);
            lineBytes = 0;
            oversize = false;
            lineNumber++;
        }
    }

    // The first characters, decoded leniently so a cut character never makes the text invalid.
    private static string Prefix(MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)Math.Min(line.Length, PrefixChars * 4L));
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\uFFFD', '\r');
        return text.Length > PrefixChars ? text[..PrefixChars] : text;
    }
}
