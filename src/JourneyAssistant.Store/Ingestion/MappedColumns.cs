using JourneyAssistant.Store.Schema;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>A mapping resolved against one file's raw columns: which raw column or constant feeds each canonical column,
/// which columns hold identifiers, and which go into properties.</summary>
internal sealed class MappedColumns
{
    private readonly SourceMapping _mapping;

    public MappedColumns(SourceMapping mapping, IReadOnlyList<string> rawColumns)
    {
        _mapping = mapping;
        Raw = rawColumns;
    }

    /// <summary>The file's columns as the reader found them.</summary>
    public IReadOnlyList<string> Raw { get; }

    /// <summary>The raw column named <paramref name="name"/> (exact case first, then any case), null when there is none.</summary>
    public string? RawColumn(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return Raw.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.Ordinal))
            ?? Raw.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The raw column feeding a canonical column (mapping columns, else the canonical name itself).</summary>
    public string? SourceColumnOf(string canonical)
    {
        if (_mapping.Columns.TryGetValue(canonical, out var mapped))
        {
            return RawColumn(mapped);
        }

        return RawColumn(canonical);
    }

    /// <summary>The mapping's constant for a canonical column (its source name for "source"), null when it sets none.</summary>
    public string? ConstantOf(string canonical)
    {
        if (canonical == "source" && !string.IsNullOrWhiteSpace(_mapping.Source))
        {
            return _mapping.Source;
        }

        return _mapping.Constants.TryGetValue(canonical, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }

    /// <summary>SQL for a canonical column: the mapped raw value when non-empty, else the constant; NULL when neither exists.</summary>
    public string ValueSql(string canonical)
    {
        var column = SourceColumnOf(canonical);
        var constant = ConstantOf(canonical);
        // No trim here (it copies every string); names are trimmed once per distinct value in the lookups, identifiers in their own step.
        var raw = column is null ? null : $"nullif(r.{QuoteIdentifier(column)}, '')";
        return (raw, constant) switch
        {
            (null, null) => "NULL::VARCHAR",
            (null, _) => QuoteLiteral(constant),
            (_, null) => raw,
            _ => $"coalesce({raw}, {QuoteLiteral(constant)})",
        };
    }

    /// <summary>The name of the timestamp column (the timestamp setting, the mapped occurred_at, else occurred_at itself).</summary>
    public string TimestampColumn() =>
        _mapping.Timestamp.Column ?? (_mapping.Columns.TryGetValue("occurred_at", out var c) ? c : "occurred_at");

    /// <summary>(raw column, identifier type) pairs, in a stable order.</summary>
    public List<(string Column, string Type)> IdentifierColumns()
    {
        var result = new List<(string, string)>();
        foreach (var (column, type) in _mapping.Identifiers)
        {
            var raw = RawColumn(column);
            if (raw is not null)
            {
                result.Add((raw, type));
            }
        }

        foreach (var type in StoreSchema.IdentifierTypes)
        {
            var raw = SourceColumnOf(type);
            if (raw is not null && !result.Contains((raw, type)))
            {
                result.Add((raw, type));
            }
        }

        return result;
    }

    /// <summary>Raw columns that go into properties: the mapping's list plus every column nothing else uses (dropped ones never).</summary>
    public List<string> ExtraColumns()
    {
        var drop = new HashSet<string>(_mapping.Drop, StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var canonical in SourceMapping.CanonicalColumns.Append("region").Append("campaign"))
        {
            if (SourceColumnOf(canonical) is { } c)
            {
                used.Add(c);
            }
        }

        foreach (var (column, _) in IdentifierColumns())
        {
            used.Add(column);
        }

        if (RawColumn(TimestampColumn()) is { } ts)
        {
            used.Add(ts);
        }

        var listed = _mapping.Properties.Select(RawColumn).OfType<string>();
        var unmapped = Raw.Where(c => !used.Contains(c));
        return listed.Concat(unmapped).Where(c => !drop.Contains(c)).Distinct(StringComparer.Ordinal).ToList();
    }
}
