using System.Text;

namespace JourneyAssistant.Store.Ingestion.Readers;

/// <summary>How a CSV file is written: its encoding (a UTF-8 copy is read when it is not UTF-8), delimiter and header.</summary>
public sealed record CsvDialect(string ReadPath, string Delimiter, IReadOnlyList<string> Header, string? TemporaryCopy)
{
    private static readonly char[] _candidates = [',', ';', '\t', '|'];

    /// <summary>Reads the dialect of <paramref name="file"/>: the mapping's encoding and delimiter when given, else detected;
    /// refuses a header with a NUL or a repeated column name, naming it.</summary>
    public static CsvDialect Open(string file, SourceMapping mapping, bool hasHeader = true)
    {
        var encoding = TextEncodingDetector.Detect(file, mapping.Encoding);
        string? copy = null;
        var readPath = file;
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            // DuckDB reads UTF-8: other encodings are read from a UTF-8 copy (the original's bytes still give the content hash).
            copy = Path.Combine(Path.GetTempPath(), $"journey-ingest-{Guid.NewGuid():N}{Path.GetExtension(file)}");
            TextEncodingDetector.TranscodeToUtf8(file, encoding, copy);
            readPath = copy;
        }

        try
        {
            var line = FirstLine(readPath);
            if (line is not null && line.Contains('\0'))
            {
                throw new InvalidDataException(
                    $"the header of {Path.GetFileName(file)} contains a NUL character: the file is binary or in an encoding that was not recognised (set `encoding:` in its mapping) / " +
                    $"{Path.GetFileName(file)} 的表头含 NUL 字符：文件是二进制或编码未识别（可在映射中设置 `encoding:`）");
            }

            var delimiter = string.IsNullOrEmpty(mapping.Delimiter) ? Sniff(line ?? "") : mapping.Delimiter;
            IReadOnlyList<string> header = hasHeader ? ParseHeader(line, delimiter[0], file) : [];
            return new CsvDialect(readPath, delimiter, header, copy);
        }
        catch
        {
            if (copy is not null)
            {
                File.Delete(copy);
            }

            throw;
        }
    }

    /// <summary>The candidate delimiter (, ; tab |) found most often outside quotes in the header line; a comma on a tie or none.</summary>
    public static string Sniff(string headerLine)
    {
        var counts = new int[_candidates.Length];
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && Array.IndexOf(_candidates, c) is var i and >= 0)
            {
                counts[i]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        return _candidates[best].ToString();
    }

    /// <summary>Removes the UTF-8 copy, if one was made.</summary>
    public void DeleteCopy()
    {
        if (TemporaryCopy is not null)
        {
            File.Delete(TemporaryCopy);
        }
    }

    private static string? FirstLine(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadLine();
    }

    /// <summary>The header's column names (quotes honoured); a blank name becomes column&lt;n&gt;, a repeated one is refused.</summary>
    private static List<string> ParseHeader(string? line, char delimiter, string file)
    {
        if (line is null)
        {
            return [];
        }

        var names = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                names.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        names.Add(current.ToString().Trim());
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
            {
                names[i] = $"column{i + 1}";
            }

            if (!seen.Add(names[i]))
            {
                // Two columns of one name: which one a mapping means is a guess, so the file is refused rather than read either way.
                throw new InvalidDataException(
                    $"the header of {Path.GetFileName(file)} names column '{names[i]}' twice (columns {names.FindIndex(n => string.Equals(n, names[i], StringComparison.OrdinalIgnoreCase)) + 1} and {i + 1}) / " +
                    $"{Path.GetFileName(file)} 的表头中列名 '{names[i]}' 重复（第 {names.FindIndex(n => string.Equals(n, names[i], StringComparison.OrdinalIgnoreCase)) + 1} 列和第 {i + 1} 列）");
            }
        }

        return names;
    }
}
