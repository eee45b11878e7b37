using JourneyAssistant.Store.Ingestion.Readers;
using JourneyAssistant.Store.Pii;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>The form a rejected row is kept in for the quarantine: identifier columns masked, dropped columns absent, phone-like text masked.</summary>
internal sealed class QuarantineForm
{
    private readonly SourceMapping _mapping;
    private readonly MappedColumns _columns;
    private readonly SourceReader _source;

    public QuarantineForm(SourceMapping mapping, MappedColumns columns, SourceReader source)
    {
        _mapping = mapping;
        _columns = columns;
        _source = source;
    }

    /// <summary>The quarantined form of a raw row: JSON of its columns (<paramref name="column"/> gives a column's SQL by
    /// position), or the row's text when it could not be read (<paramref name="errorSql"/> not NULL).</summary>
    public string RawRowSql(Func<int, string> column, string errorSql, string textSql)
    {
        var drop = new HashSet<string>(_mapping.Drop, StringComparer.OrdinalIgnoreCase);
        var idTypes = _columns.IdentifierColumns().GroupBy(c => c.Column).ToDictionary(g => g.Key, g => g.First().Type);
        var parts = new List<string>();
        foreach (var (name, index) in _columns.Raw.Select((c, i) => (c, i)).Where(x => !drop.Contains(x.c)))
        {
            var value = column(index);
            if (idTypes.TryGetValue(name, out var type))
            {
                var normalized = type == "phone" ? Masking.NormalizePhoneSql($"trim({value})") : $"trim({value})";
                value = $"CASE WHEN nullif(trim({value}), '') IS NOT NULL THEN {Masking.MaskSql(type, normalized)} END";
            }

            parts.Add($"{QuoteLiteral(name)}, {value}");
        }

        var json = parts.Count == 0 ? "'{}'" : $"json_object({string.Join(", ", parts)})::VARCHAR";
        var row = _source.TextSql is null ? json : $"CASE WHEN {errorSql} IS NOT NULL THEN {textSql} ELSE {json} END";
        return Masking.MaskTextSql(PiiScreen.MaskTextSql(row));
    }

    /// <summary>A line the CSV reader could not split: dropped columns are cut out by position (best effort, as the line is broken), the rest is masked.</summary>
    public string MalformedLineSql()
    {
        var drop = new HashSet<string>(_mapping.Drop, StringComparer.OrdinalIgnoreCase);
        var idColumns = _columns.IdentifierColumns().Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
        var hidden = _columns.Raw.Select((c, i) => (c, i: i + 1)).Where(x => drop.Contains(x.c) || idColumns.Contains(x.c)).Select(x => x.i).ToList();
        if (hidden.Count == 0)
        {
            return "csv_line";
        }

        var delimiter = QuoteLiteral(_source.Delimiter);
        // Identifier positions are blanked rather than removed so the remaining values keep their places.
        return $"array_to_string(list_transform(string_split(csv_line, {delimiter}), (x, i) -> CASE WHEN i IN ({string.Join(", ", hidden)}) THEN '****' ELSE x END), {delimiter})";
    }
}
