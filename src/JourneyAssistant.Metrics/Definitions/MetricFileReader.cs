using System.Globalization;
using System.Text.RegularExpressions;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Localization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Metrics.Definitions;

/// <summary>
/// Reads metric files (metrics/*.yaml) and the dimensions file (metrics/dimensions.yaml), collecting every problem with
/// its line, so an ops person fixes a file in one pass (metrics/README.md describes the format).
/// </summary>
public sealed partial class MetricFileReader
{
    private static readonly string[] MetricKeys = ["id", "version", "name", "aliases", "definition", "view", "measure", "unit", "higher_is_better", "dimensions", "playbook"];
    private static readonly string[] MeasureKeys = ["aggregate", "column", "where", "numerator", "denominator"];
    private static readonly string[] WhereKeys = ["events", "touchpoints", "stages", "conversion", "is_true", "not_null", "min_order_seq"];
    private static readonly string[] DimensionKeys = ["id", "name", "aliases", "columns", "dictionary", "time"];

    private static readonly Dictionary<string, MeasureKind> Aggregates = new(StringComparer.Ordinal)
    {
        ["count"] = MeasureKind.Count,
        ["count_distinct"] = MeasureKind.CountDistinct,
        ["sum"] = MeasureKind.Sum,
        ["avg"] = MeasureKind.Average,
        ["median"] = MeasureKind.Median,
        ["ratio"] = MeasureKind.Ratio,
        ["nps"] = MeasureKind.NetPromoter,
    };

    private static readonly Dictionary<string, MetricUnit> Units = new(StringComparer.Ordinal)
    {
        ["count"] = MetricUnit.Count,
        ["percent"] = MetricUnit.Percent,
        ["currency"] = MetricUnit.Currency,
        ["hours"] = MetricUnit.Hours,
        ["score"] = MetricUnit.Score,
    };

    /// <summary>Dictionary kinds a dimension's values may be labelled from.</summary>
    public static readonly IReadOnlyList<string> DictionaryKinds = ["channel", "touchpoint", "stage", "event"];

    private readonly List<MetricIssue> _issues = [];
    private string _file = "";

    /// <summary>Reads one metric file; <paramref name="dimensions"/> are the dimensions it may name.</summary>
    public MetricDefinition ReadMetric(string path, IReadOnlyDictionary<string, DimensionDefinition> dimensions) =>
        ParseMetric(File.ReadAllText(path), path, dimensions);

    /// <summary>Parses metric YAML; throws <see cref="MetricFileException"/> listing every problem.</summary>
    public MetricDefinition ParseMetric(string yaml, string path, IReadOnlyDictionary<string, DimensionDefinition> dimensions)
    {
        var root = Load(yaml, path);
        CheckKeys(root, MetricKeys);
        var id = Id(root);
        var version = 1;
        if (Scalar(root, "version") is { } versionText && (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1))
        {
            Issue(Child(root, "version"), $"version '{versionText}' must be a positive integer");
        }

        var name = Text(root, "name", required: true);
        var aliases = List2(root, "aliases");
        var definition = Text(root, "definition", required: true);
        var view = Scalar(root, "view");
        if (view is null)
        {
            Issue(root, "missing 'view' (one of: " + string.Join(", ", AnalysisColumns.Views.Keys) + ")");
        }
        else if (!AnalysisColumns.Views.ContainsKey(view))
        {
            Issue(Child(root, "view"), $"unknown view '{view}' (known: {string.Join(", ", AnalysisColumns.Views.Keys)})");
            view = null;
        }

        Measure? measure = null;
        if (Child(root, "measure") is YamlMappingNode measureNode)
        {
            measure = ReadMeasure(measureNode, view, allowRatio: true);
        }
        else
        {
            Issue(Child(root, "measure") ?? root, "missing 'measure' (a mapping with aggregate, column, where)");
        }

        var unit = MetricUnit.Count;
        var unitText = Scalar(root, "unit");
        if (unitText is null || !Units.TryGetValue(unitText, out unit))
        {
            Issue(Child(root, "unit") ?? root, $"unit '{unitText}' must be one of: {string.Join(", ", Units.Keys)}");
        }

        var higher = true;
        if (Scalar(root, "higher_is_better") is { } higherText && !bool.TryParse(higherText, out higher))
        {
            Issue(Child(root, "higher_is_better"), $"higher_is_better '{higherText}' must be true or false");
        }

        var cuts = new List<string>();
        if (Child(root, "dimensions") is YamlSequenceNode dimensionList)
        {
            foreach (var item in dimensionList.Children)
            {
                var dimension = (item as YamlScalarNode)?.Value ?? "";
                if (!dimensions.TryGetValue(dimension, out var declared))
                {
                    Issue(item, $"unknown dimension '{dimension}' (declared in dimensions.yaml: {string.Join(", ", dimensions.Keys.Order(StringComparer.Ordinal))})");
                }
                else if (view is not null && declared.ColumnIn(view) is null)
                {
                    Issue(item, $"dimension '{dimension}' has no column in view '{view}' (dimensions.yaml lists: {string.Join(", ", declared.Columns.Keys)})");
                }
                else
                {
                    cuts.Add(dimension);
                }
            }
        }

        if (view is not null && !dimensions.Values.Any(d => d.IsTime && d.ColumnIn(view) is not null))
        {
            Issue(Child(root, "view") ?? root, $"no time dimension in dimensions.yaml has a column in view '{view}', so periods cannot filter it");
        }

        var playbook = MetricPlaybook.Empty;
        if (Child(root, "playbook") is YamlMappingNode book)
        {
            CheckKeys(book, ["up", "down", "always", "owner"]);
            playbook = new MetricPlaybook(Text(book, "up", false), Text(book, "down", false), Text(book, "always", false),
                Text(book, "owner", false) ?? MetricPlaybook.Empty.Owner);
        }

        if (_issues.Count > 0 || id is null || name is null || definition is null || view is null || measure is null)
        {
            throw new MetricFileException([.. _issues]);
        }

        return new MetricDefinition(id, version, name, aliases, definition, view, measure, unit, higher, cuts, playbook, path);
    }

    /// <summary>Reads the dimensions file.</summary>
    public IReadOnlyDictionary<string, DimensionDefinition> ReadDimensions(string path) => ParseDimensions(File.ReadAllText(path), path);

    public IReadOnlyDictionary<string, DimensionDefinition> ParseDimensions(string yaml, string path)
    {
        var root = Load(yaml, path);
        CheckKeys(root, ["dimensions"]);
        var result = new Dictionary<string, DimensionDefinition>(StringComparer.Ordinal);
        if (Child(root, "dimensions") is not YamlSequenceNode list)
        {
            Issue(root, "missing 'dimensions' (a list)");
            throw new MetricFileException([.. _issues]);
        }

        foreach (var node in list.Children)
        {
            if (node is not YamlMappingNode item)
            {
                Issue(node, "each dimension is a mapping (id, name, aliases, columns)");
                continue;
            }

            CheckKeys(item, DimensionKeys);
            var id = Id(item);
            var name = Text(item, "name", required: true);
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Child(item, "columns") is YamlMappingNode columnMap)
            {
                foreach (var (key, value) in columnMap.Children)
                {
                    var view = (key as YamlScalarNode)?.Value ?? "";
                    var column = (value as YamlScalarNode)?.Value ?? "";
                    if (!AnalysisColumns.Views.ContainsKey(view))
                    {
                        Issue(key, $"unknown view '{view}' (known: {string.Join(", ", AnalysisColumns.Views.Keys)})");
                    }
                    else if (!AnalysisColumns.Has(view, column))
                    {
                        Issue(value, $"unknown column '{column}' in view '{view}' (known: {string.Join(", ", AnalysisColumns.Views[view].Order(StringComparer.Ordinal))})");
                    }
                    else
                    {
                        columns[view] = column;
                    }
                }
            }
            else
            {
                Issue(item, "missing 'columns' (view: column)");
            }

            var dictionary = Scalar(item, "dictionary");
            if (dictionary is not null && !DictionaryKinds.Contains(dictionary))
            {
                Issue(Child(item, "dictionary"), $"dictionary '{dictionary}' must be one of: {string.Join(", ", DictionaryKinds)}");
            }

            var time = Scalar(item, "time") is { } timeText && bool.TryParse(timeText, out var t) && t;
            if (id is not null && name is not null)
            {
                if (!result.TryAdd(id, new DimensionDefinition(id, name, List2(item, "aliases"), columns, dictionary, time)))
                {
                    Issue(item, $"dimension '{id}' is declared twice");
                }
            }
        }

        if (_issues.Count > 0)
        {
            throw new MetricFileException([.. _issues]);
        }

        return result;
    }

    private Measure? ReadMeasure(YamlMappingNode node, string? view, bool allowRatio)
    {
        CheckKeys(node, MeasureKeys);
        var aggregate = Scalar(node, "aggregate");
        if (aggregate is null || !Aggregates.TryGetValue(aggregate, out var kind))
        {
            Issue(Child(node, "aggregate") ?? node, $"aggregate '{aggregate}' must be one of: {string.Join(", ", Aggregates.Keys)}");
            return null;
        }

        if (kind == MeasureKind.Ratio)
        {
            if (!allowRatio)
            {
                Issue(node, "a ratio's numerator and denominator cannot themselves be ratios");
                return null;
            }

            var numerator = Child(node, "numerator") is YamlMappingNode n ? ReadMeasure(n, view, false) : null;
            var denominator = Child(node, "denominator") is YamlMappingNode d ? ReadMeasure(d, view, false) : null;
            if (numerator is null || denominator is null)
            {
                Issue(node, "a ratio needs a numerator and a denominator, each a measure");
                return null;
            }

            return new Measure(kind, null, MeasureCondition.None, numerator, denominator);
        }

        var column = Scalar(node, "column");
        var needsColumn = kind is not MeasureKind.Count;
        if (needsColumn && column is null)
        {
            Issue(node, $"aggregate '{aggregate}' needs a column");
        }
        else if (column is not null && view is not null && !AnalysisColumns.Has(view, column))
        {
            Issue(Child(node, "column"), $"unknown column '{column}' in view '{view}' (known: {string.Join(", ", AnalysisColumns.Views[view].Order(StringComparer.Ordinal))})");
        }

        var where = Child(node, "where") is YamlMappingNode w ? ReadWhere(w, view) : MeasureCondition.None;
        return new Measure(kind, column, where);
    }

    private MeasureCondition ReadWhere(YamlMappingNode node, string? view)
    {
        CheckKeys(node, WhereKeys);
        IReadOnlyList<string> Ids(string key, string column)
        {
            var values = List(node, key);
            foreach (var value in values.Where(v => !DictionaryIdPattern().IsMatch(v)))
            {
                Issue(Child(node, key), $"'{value}' in {key} is not a dictionary id (lower_snake_case, or custom:…)");
            }

            if (values.Count > 0 && view is not null && !AnalysisColumns.Has(view, column))
            {
                Issue(Child(node, key), $"view '{view}' has no {column} column, so '{key}' cannot filter it");
            }

            return values.Where(v => DictionaryIdPattern().IsMatch(v)).ToList();
        }

        bool? conversion = null;
        if (Scalar(node, "conversion") is { } c)
        {
            conversion = bool.TryParse(c, out var flag) ? flag : null;
            if (conversion is null)
            {
                Issue(Child(node, "conversion"), "conversion must be true or false");
            }
            else if (view is not null && !AnalysisColumns.Has(view, "is_conversion") && view != "orders")
            {
                Issue(Child(node, "conversion"), $"view '{view}' has no conversion flag");
            }
        }

        string? Column(string key)
        {
            var column = Scalar(node, key);
            if (column is not null && view is not null && !AnalysisColumns.Has(view, column))
            {
                Issue(Child(node, key), $"unknown column '{column}' in view '{view}'");
                return null;
            }

            return column;
        }

        int? minSeq = null;
        if (Scalar(node, "min_order_seq") is { } seqText)
        {
            if (int.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq >= 1 && (view is null || AnalysisColumns.Has(view, "order_seq")))
            {
                minSeq = seq;
            }
            else
            {
                Issue(Child(node, "min_order_seq"), "min_order_seq must be a positive integer on a view with order_seq (orders)");
            }
        }

        return new MeasureCondition(Ids("events", "event"), Ids("touchpoints", "touchpoint"), Ids("stages", "stage"), conversion, Column("is_true"), Column("not_null"), minSeq);
    }

    private YamlMappingNode Load(string yaml, string path)
    {
        _issues.Clear();
        _file = path;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping)
            {
                return mapping;
            }

            throw new MetricFileException([new MetricIssue(path, 1, "the file holds exactly one YAML mapping")]);
        }
        catch (YamlException e)
        {
            throw new MetricFileException([new MetricIssue(path, (int)e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}")]);
        }
    }

    private string? Id(YamlMappingNode node)
    {
        var id = Scalar(node, "id");
        if (id is null)
        {
            Issue(node, "missing 'id'");
        }
        else if (!IdPattern().IsMatch(id))
        {
            Issue(Child(node, "id"), $"id '{id}' must be lower_snake_case (a-z, 0-9, _; starting with a letter)");
            return null;
        }

        return id;
    }

    private void CheckKeys(YamlMappingNode node, string[] known)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>().Where(k => !known.Contains(k.Value)))
        {
            Issue(key, $"unknown field '{key.Value}' (known: {string.Join(", ", known)})");
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value.Trim() : null;

    private LocalizedText? Text(YamlMappingNode node, string key, bool required)
    {
        if (Child(node, key) is YamlMappingNode text && Scalar(text, "zh") is { } zh && Scalar(text, "en") is { } en)
        {
            return new LocalizedText(zh, en);
        }

        if (required || Child(node, key) is not null)
        {
            Issue(Child(node, key) ?? node, $"'{key}' needs both zh and en text");
        }

        return null;
    }

    private static List<string> List(YamlMappingNode node, string key) =>
        Child(node, key) switch
        {
            YamlSequenceNode items => items.Children.OfType<YamlScalarNode>().Select(s => s.Value?.Trim() ?? "").Where(s => s.Length > 0).ToList(),
            YamlScalarNode { Value: { Length: > 0 } one } => [one.Trim()],
            _ => [],
        };

    private static BilingualList List2(YamlMappingNode node, string key) =>
        Child(node, key) is YamlMappingNode pair ? new BilingualList(List(pair, "zh"), List(pair, "en")) : BilingualList.Empty;

    private void Issue(YamlNode? node, string message) =>
        _issues.Add(new MetricIssue(_file, node is null ? 0 : (int)node.Start.Line, message));

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^(?:[a-z][a-z0-9_]*|custom:[^'\r\n]+)$")]
    private static partial Regex DictionaryIdPattern();
}
