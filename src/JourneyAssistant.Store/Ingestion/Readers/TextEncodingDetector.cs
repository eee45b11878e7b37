using System.Text;

namespace JourneyAssistant.Store.Ingestion.Readers;

/// <summary>
/// Works out how a text export is encoded: a byte-order mark, UTF-16 without one (NUL bytes in every other place), valid
/// UTF-8, else GB18030 (the superset of GBK that Excel in China saves "CSV" in). A mapping's <c>encoding:</c> wins.
/// </summary>
public static class TextEncodingDetector
{
    private const int SampleBytes = 1 << 20;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding named in a mapping; throws with the name when .NET does not know it.</summary>
    public static Encoding Named(string name)
    {
        try
        {
            return Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException)
        {
            throw new InvalidDataException(
                $"encoding '{name}' is not known (e.g. utf-8, utf-16le, utf-16be, gbk, gb18030, big5) / 未知编码 '{name}'（可用 utf-8、utf-16le、utf-16be、gbk、gb18030、big5 等）");
        }
    }

    /// <summary>The file's encoding: <paramref name="forced"/> when given, else detected from its first megabyte.</summary>
    public static Encoding Detect(string path, string? forced)
    {
        if (!string.IsNullOrWhiteSpace(forced))
        {
            return Named(forced);
        }

        var sample = new byte[SampleBytes];
        int length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.ReadAtLeast(sample, SampleBytes, throwOnEndOfStream: false);
        }

        var bytes = sample.AsSpan(0, length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        // UTF-16 without a mark: ASCII text (headers, digits, delimiters) leaves a NUL in every other byte.
        var head = bytes[..(Math.Min(bytes.Length, 4096) & ~1)];
        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < head.Length; i += 2)
        {
            evenNul += head[i] == 0 ? 1 : 0;
            oddNul += head[i + 1] == 0 ? 1 : 0;
        }

        var pairs = head.Length / 2;
        if (pairs >= 4 && oddNul > pairs * 0.3 && evenNul < pairs * 0.05)
        {
            return Encoding.Unicode;
        }

        if (pairs >= 4 && evenNul > pairs * 0.3 && oddNul < pairs * 0.05)
        {
            return Encoding.BigEndianUnicode;
        }

        return IsUtf8(bytes, complete: length < SampleBytes) ? Encoding.UTF8 : Encoding.GetEncoding("GB18030");
    }

    /// <summary>Writes <paramref name="path"/> re-encoded as UTF-8 (no mark) into <paramref name="target"/>; lines stay where they were.</summary>
    public static void TranscodeToUtf8(string path, Encoding encoding, string target)
    {
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 20);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        var buffer = new char[1 << 20];
        int read;
        var first = true;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            // The mark was decoded as U+FEFF: it is not data.
            var start = first && buffer[0] == '\uFEFF' ? 1 : 0;
            first = false;
            writer.Write(buffer, start, read - start);
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool complete)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[bytes.Length + 1];
        try
        {
            // Not flushed unless the sample is the whole file: a sequence cut at the sample's end is not an error.
            decoder.GetChars(bytes, chars, flush: complete);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
