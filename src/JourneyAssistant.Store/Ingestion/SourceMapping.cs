using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>How a raw export maps onto the canonical touchpoint format (docs/MAPPING-FORMAT.md).</summary>
public sealed class SourceMapping
{
    /// <summary>The canonical columns, in canonical order.</summary>
    public static readonly IReadOnlyList<string> CanonicalColumns =
    [
        "event_id", "occurred_at", "source", "channel", "touchpoint", "event", "stage",
        "user_id", "member_id", "phone", "wechat_openid", "wechat_unionid", "device_id", "cookie_id", "amount", "properties",
    ];

    /// <summary>Where the mapping was read from (null for the canonical format).</summary>
    [YamlIgnore]
    public string? FilePath { get; set; }

    /// <summary>Mapping name for reports: the file name, or "canonical".</summary>
    [YamlIgnore]
    public string Name => FilePath is null ? "canonical" : Path.GetFileName(FilePath);

    public string? Source { get; set; }

    public string? Format { get; set; }

    public string? Files { get; set; }

    public string? Delimiter { get; set; }

    /// <summary>The file's text encoding (utf-8, utf-16le, gbk, gb18030, …); detected when absent.</summary>
    public string? Encoding { get; set; }

    public TimestampSpec Timestamp { get; set; } = new();

    /// <summary>The currency this source's amounts are in (`currency: { code: USD, symbol: $ }`), when not the install's.</summary>
    public CurrencyOptions? Currency { get; set; }

    public Dictionary<string, string> Constants { get; set; } = [];

    public Dictionary<string, string> Columns { get; set; } = [];

    public List<string> EventIdFrom { get; set; } = [];

    public Dictionary<string, string> Identifiers { get; set; } = [];

    public Dictionary<string, string> EventAliases { get; set; } = [];

    public Dictionary<string, string> ChannelAliases { get; set; } = [];

    public Dictionary<string, string> TouchpointAliases { get; set; } = [];

    public Dictionary<string, string> StageAliases { get; set; } = [];

    public List<string> Properties { get; set; } = [];

    /// <summary>accept (default): a name matching nothing becomes a custom entry; reject: this source's vocabulary is closed and such rows are quarantined.</summary>
    public string UnknownNames { get; set; } = "accept";

    /// <summary>True when unknown touchpoint/event/channel names are quarantined instead of kept as custom entries.</summary>
    [YamlIgnore]
    public bool RejectsUnknownNames => string.Equals(UnknownNames?.Trim(), "reject", StringComparison.OrdinalIgnoreCase);

    public List<string> Drop { get; set; } = [];

    /// <summary>True for the implicit mapping of canonical files.</summary>
    [YamlIgnore]
    public bool IsCanonical { get; private set; }

    /// <summary>The implicit mapping of the canonical touchpoint format.</summary>
    public static SourceMapping Canonical() => new() { IsCanonical = true };

    /// <summary>Reads a mapping file; throws with the file name on a YAML error.</summary>
    public static SourceMapping Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        try
        {
            var mapping = deserializer.Deserialize<SourceMapping>(File.ReadAllText(path, System.Text.Encoding.UTF8)) ?? new SourceMapping();
            mapping.FilePath = Path.GetFullPath(path);
            mapping.Validate();
            return mapping;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"Mapping {path} is not valid YAML: {e.Message}", e);
        }
    }

    /// <summary>All mappings in a folder (*.yaml, *.yml), sorted by file name.</summary>
    public static IReadOnlyList<SourceMapping> LoadFolder(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.y*ml").Order(StringComparer.Ordinal).Select(Load).ToList()
            : [];

    /// <summary>True when the mapping's `files` glob matches the file name (case-insensitive).</summary>
    public bool Matches(string filePath)
    {
        if (string.IsNullOrWhiteSpace(Files))
        {
            return false;
        }

        var pattern = "^" + Regex.Escape(Files.Trim()).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
        return Regex.IsMatch(Path.GetFileName(filePath), pattern, RegexOptions.IgnoreCase);
    }

    /// <summary>The file format: the mapping's, else from the extension.</summary>
    public string ResolveFormat(string filePath)
    {
        if (!string.IsNullOrWhiteSpace(Format))
        {
            return Format.Trim().ToLowerInvariant();
        }

        var extension = Path.GetExtension(filePath).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" or ".ndjson" or ".json" => "jsonl",
            ".parquet" => "parquet",
            _ => "csv",
        };
    }

    private void Validate()
    {
        var known = new HashSet<string>(Ingestion.IdentifierTypesSet.All);
        foreach (var (column, type) in Identifiers)
        {
            if (!known.Contains(type))
            {
                throw new InvalidDataException($"Mapping {FilePath}: identifier column '{column}' has unknown type '{type}' (expected one of {string.Join(", ", known)}).");
            }
        }

        if (!string.IsNullOrWhiteSpace(Encoding))
        {
            try
            {
                Readers.TextEncodingDetector.Named(Encoding);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"Mapping {FilePath}: {e.Message}", e);
            }
        }

        if (UnknownNames?.Trim().ToLowerInvariant() is not ("accept" or "reject"))
        {
            throw new InvalidDataException($"Mapping {FilePath}: unknown_names must be accept or reject, not '{UnknownNames}'.");
        }

        if (Format is not null && Format.Trim().ToLowerInvariant() is not ("csv" or "jsonl" or "parquet"))
        {
            throw new InvalidDataException($"Mapping {FilePath}: format '{Format}' is not csv, jsonl or parquet.");
        }
    }
}

/// <summary>Which column holds the timestamp and how to read it.</summary>
public sealed class TimestampSpec
{
    public string? Column { get; set; }

    /// <summary>iso | unix_ms | unix_s | a strptime pattern.</summary>
    public string? Format { get; set; }

    /// <summary>IANA zone for values without an offset.</summary>
    public string? Zone { get; set; }
}

/// <summary>The identifier types known to the store.</summary>
internal static class IdentifierTypesSet
{
    public static IReadOnlyList<string> All => Schema.StoreSchema.IdentifierTypes;
}
