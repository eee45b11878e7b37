using System.Globalization;
using System.Text.RegularExpressions;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills;

/// <summary>
/// Reads one skill file (docs/SKILL-FORMAT.md) into a <see cref="SkillDefinition"/>, collecting every schema problem
/// with its line instead of stopping at the first, so an ops person fixes a file in one pass.
/// </summary>
public sealed partial class SkillFileReader(ChartKindRegistry chartKinds)
{
    private static readonly string[] TopLevelKeys =
    [
        "id", "version", "owner", "title", "description", "definitions", "examples", "keywords", "parameters", "sql",
        "transform", "columns", "chart", "focus", "answer", "answer_lowest", "answer_single", "empty", "recommendations", "tests",
    ];

    private static readonly Dictionary<string, ParameterType> ParameterTypes = new(StringComparer.Ordinal)
    {
        ["date_range"] = ParameterType.DateRange,
        ["enum"] = ParameterType.Enum,
        ["integer"] = ParameterType.Integer,
        ["number"] = ParameterType.Number,
        ["string"] = ParameterType.String,
        ["boolean"] = ParameterType.Boolean,
    };

    private static readonly Dictionary<string, ColumnRole> Roles = new(StringComparer.Ordinal)
    {
        ["dimension"] = ColumnRole.Dimension,
        ["measure"] = ColumnRole.Measure,
        ["count"] = ColumnRole.Count,
        ["percent"] = ColumnRole.Percent,
        ["currency"] = ColumnRole.Currency,
        ["duration"] = ColumnRole.Duration,
    };

    /// <summary>Dictionary kinds an enum may draw its values from.</summary>
    public static readonly IReadOnlyList<string> DictionaryKinds = ["channel", "touchpoint", "stage", "event"];

    /// <summary>Duration units a duration column may declare.</summary>
    public static readonly IReadOnlyList<string> DurationUnits = ["minutes", "hours", "days"];

    /// <summary>Row selectors of recommendation conditions.</summary>
    public static readonly IReadOnlyList<string> RowSelectors = ["focus", "first", "last", "total", "any"];

    /// <summary>Operators of recommendation conditions.</summary>
    public static readonly IReadOnlyList<string> Operators = [">", ">=", "<", "<=", "==", "!=", "in", "not_in"];

    private readonly List<SkillIssue> _issues = [];
    private string _file = "";

    public SkillFileReader() : this(new ChartKindRegistry())
    {
    }

    /// <summary>Reads and checks the schema of a skill file; throws <see cref="SkillFileException"/> listing every problem.</summary>
    public SkillDefinition Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses skill YAML text; <paramref name="path"/> names the file in issues and locates a sibling .sql file.</summary>
    public SkillDefinition Parse(string yaml, string path)
    {
        _issues.Clear();
        _file = path;
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                throw new SkillFileException([new SkillIssue(path, 1, "a skill file holds exactly one YAML mapping (id, version, title, …)")]);
            }

            root = mapping;
        }
        catch (YamlException e)
        {
            throw new SkillFileException([new SkillIssue(path, (int)e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}")]);
        }
        catch (Exception e) when (e is not SkillFileException)
        {
            // YamlDotNet reports some malformed input (e.g. an unclosed flow collection) without a position.
            throw new SkillFileException([new SkillIssue(path, 0, $"not valid YAML: {e.Message}")]);
        }

        var definition = ReadSkill(root, path);
        if (_issues.Count > 0 || definition is null)
        {
            throw new SkillFileException([.. _issues]);
        }

        return definition;
    }

    private SkillDefinition? ReadSkill(YamlMappingNode root, string path)
    {
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!TopLevelKeys.Contains(key.Value))
            {
                Issue(key, $"unknown field '{key.Value}' (known: {string.Join(", ", TopLevelKeys)})");
            }
        }

        var id = RequiredScalar(root, "id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Issue(root.Children[new YamlScalarNode("id")], $"id '{id}' must be lower_snake_case (a-z, 0-9, _; starting with a letter)");
        }

        var version = 0;
        var versionText = RequiredScalar(root, "version");
        if (versionText is not null && (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1))
        {
            Issue(Child(root, "version")!, $"version '{versionText}' must be a positive integer (bump it on every change)");
        }

        var owner = RequiredScalar(root, "owner");
        var title = RequiredText(root, "title");
        var description = RequiredText(root, "description");
        var definitions = OptionalText(root, "definitions");
        var examples = Bilingual(root, "examples", required: true);
        var keywords = Bilingual(root, "keywords", required: false);
        var parameters = ReadParameters(root);
        var sql = ReadSql(root, path, id);
        var transform = OptionalScalar(root, "transform");
        var columns = ReadColumns(root);
        var chart = ReadChart(root, columns);
        var focus = ReadFocus(root, columns);
        var answer = RequiredText(root, "answer");
        var answerLowest = OptionalText(root, "answer_lowest");
        var answerSingle = OptionalText(root, "answer_single");
        var empty = OptionalText(root, "empty");
        var recommendations = ReadRecommendations(root, columns);
        var tests = ReadTests(root, parameters);

        if (examples is not null)
        {
            var examplesNode = Child(root, "examples")!;
            if (examples.Zh.Count < 3)
            {
                Issue(examplesNode, $"examples.zh has {examples.Zh.Count} question(s); at least 3 Chinese examples are required");
            }

            if (examples.En.Count < 3)
            {
                Issue(examplesNode, $"examples.en has {examples.En.Count} question(s); at least 3 English examples are required");
            }
        }

        CheckPlaceholders(root, columns, parameters);

        if (id is null || owner is null || title is null || description is null || examples is null || sql is null || answer is null || chart is null)
        {
            return null;
        }

        return new SkillDefinition(id, version, owner, title, description, definitions, examples, keywords ?? BilingualList.Empty,
            parameters, sql, transform, columns, chart, focus, answer, empty, recommendations, tests, Path.GetFullPath(path))
        {
            AnswerLowest = answerLowest,
            AnswerSingle = answerSingle,
        };
    }

    private List<SkillParameter> ReadParameters(YamlMappingNode root)
    {
        var result = new List<SkillParameter>();
        if (Child(root, "parameters") is not { } node)
        {
            return result;
        }

        foreach (var p in MappingItems(node, "parameters must be a list", "each parameter is a mapping with name, type, description"))
        {
            CheckKeys(p, "parameter", "name", "type", "default", "required", "values_from", "values", "min", "max", "description");
            var name = RequiredScalar(p, "name");
            if (name is not null && !IdPattern().IsMatch(name))
            {
                Issue(p, $"parameter name '{name}' must be lower_snake_case");
            }

            if (name is not null && result.Any(r => r.Name == name))
            {
                Issue(p, $"parameter '{name}' is declared twice");
            }

            var typeText = RequiredScalar(p, "type");
            var type = ParameterType.String;
            if (typeText is not null && !ParameterTypes.TryGetValue(typeText, out type))
            {
                Issue(Child(p, "type")!, $"parameter type '{typeText}' is unknown (use {string.Join(" | ", ParameterTypes.Keys)})");
            }

            var description = RequiredText(p, "description");
            var valuesFrom = OptionalScalar(p, "values_from");
            if (valuesFrom is not null && !DictionaryKinds.Contains(valuesFrom))
            {
                Issue(Child(p, "values_from")!, $"values_from '{valuesFrom}' is unknown (use {string.Join(" | ", DictionaryKinds)})");
            }

            var values = Child(p, "values") is { } valuesNode ? ScalarList(valuesNode, "values") : null;
            if (type == ParameterType.Enum && valuesFrom is null && (values is null || values.Count == 0))
            {
                Issue(p, $"enum parameter '{name}' needs values_from (channel | touchpoint | stage | event) or values: [a, b]");
            }

            if (type != ParameterType.Enum && (valuesFrom is not null || values is not null))
            {
                Issue(p, $"parameter '{name}': values/values_from only apply to type enum");
            }

            var required = false;
            if (OptionalScalar(p, "required") is { } requiredText && !bool.TryParse(requiredText, out required))
            {
                Issue(Child(p, "required")!, $"required must be true or false, not '{requiredText}'");
            }

            var min = OptionalDecimal(p, "min");
            var max = OptionalDecimal(p, "max");
            if ((min is not null || max is not null) && type is not (ParameterType.Integer or ParameterType.Number))
            {
                Issue(p, $"parameter '{name}': min/max only apply to integer and number");
            }

            var @default = OptionalScalar(p, "default");
            if (name is not null && description is not null && typeText is not null)
            {
                var parameter = new SkillParameter(name, type, description, @default, required, valuesFrom, values, min, max);
                if (@default is not null && ParameterBinder.CheckDefaultSyntax(parameter) is { } problem)
                {
                    Issue(Child(p, "default")!, problem);
                }

                result.Add(parameter);
            }
        }

        return result;
    }

    private string? ReadSql(YamlMappingNode root, string path, string? id)
    {
        var inline = OptionalScalar(root, "sql");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var candidates = new[] { Path.ChangeExtension(Path.GetFullPath(path), ".sql"), id is null ? null : Path.Combine(directory, id + ".sql") };
        var sibling = candidates.FirstOrDefault(c => c is not null && File.Exists(c));
        if (inline is not null && sibling is not null)
        {
            Issue(Child(root, "sql")!, $"SQL is both inline and in {Path.GetFileName(sibling)}; keep one");
            return inline;
        }

        if (inline is not null)
        {
            return inline;
        }

        if (sibling is not null)
        {
            return File.ReadAllText(sibling);
        }

        Issue(root, "missing field 'sql' (inline, or a sibling <id>.sql file)");
        return null;
    }

    private List<ResultColumn> ReadColumns(YamlMappingNode root)
    {
        var result = new List<ResultColumn>();
        if (Child(root, "columns") is not { } node)
        {
            Issue(root, "missing field 'columns' (every output column with its role)");
            return result;
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Issue(node, "columns must be a non-empty list");
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode c)
            {
                Issue(item, "each column is a mapping { name, role, label }");
                continue;
            }

            CheckKeys(c, "column", "name", "role", "label", "dictionary", "unit");
            var name = RequiredScalar(c, "name");
            var roleText = RequiredScalar(c, "role");
            var role = ColumnRole.Dimension;
            if (roleText is not null && !Roles.TryGetValue(roleText, out role))
            {
                Issue(Child(c, "role")!, $"column role '{roleText}' is unknown (use {string.Join(" | ", Roles.Keys)})");
            }

            var label = RequiredText(c, "label");
            var dictionary = OptionalScalar(c, "dictionary");
            if (dictionary is not null && !DictionaryKinds.Contains(dictionary))
            {
                Issue(Child(c, "dictionary")!, $"dictionary '{dictionary}' is unknown (use {string.Join(" | ", DictionaryKinds)})");
            }

            var unit = OptionalScalar(c, "unit");
            if (role == ColumnRole.Duration && (unit is null || !DurationUnits.Contains(unit)))
            {
                Issue(c, $"duration column '{name}' needs unit: {string.Join(" | ", DurationUnits)}");
            }

            if (name is not null && result.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                Issue(c, $"column '{name}' is declared twice");
            }

            if (name is not null && label is not null)
            {
                result.Add(new ResultColumn(name, role, label, dictionary, unit));
            }
        }

        return result;
    }

    private ChartHint? ReadChart(YamlMappingNode root, List<ResultColumn> columns)
    {
        if (Child(root, "chart") is not { } node)
        {
            Issue(root, "missing field 'chart' ({ kind: funnel | bar | line | stacked | heatmap | table, x, y })");
            return null;
        }

        if (node is not YamlMappingNode chart)
        {
            Issue(node, "chart must be a mapping { kind, x, y, series }");
            return null;
        }

        CheckKeys(chart, "chart", "kind", "x", "y", "series");
        var kind = RequiredScalar(chart, "kind");
        if (kind is not null && !chartKinds.IsKnown(kind))
        {
            Issue(Child(chart, "kind")!, $"chart kind '{kind}' is unknown (known: {string.Join(", ", chartKinds.Kinds)})");
        }

        foreach (var key in new[] { "x", "y", "series" })
        {
            if (OptionalScalar(chart, key) is { } column && columns.Count > 0 && !HasColumn(columns, column))
            {
                Issue(Child(chart, key)!, $"chart.{key} names column '{column}', which is not in columns");
            }
        }

        return kind is null ? null : new ChartHint(kind, OptionalScalar(chart, "x"), OptionalScalar(chart, "y"), OptionalScalar(chart, "series"));
    }

    private FocusRule? ReadFocus(YamlMappingNode root, List<ResultColumn> columns)
    {
        if (Child(root, "focus") is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode focus)
        {
            Issue(node, "focus must be a mapping { by: column, order: desc | asc }");
            return null;
        }

        CheckKeys(focus, "focus", "by", "order");
        var by = RequiredScalar(focus, "by");
        var order = OptionalScalar(focus, "order") ?? "desc";
        if (order is not ("desc" or "asc"))
        {
            Issue(Child(focus, "order")!, $"focus.order must be desc or asc, not '{order}'");
        }

        if (by is not null && columns.Count > 0 && !HasColumn(columns, by))
        {
            Issue(Child(focus, "by")!, $"focus.by names column '{by}', which is not in columns");
        }

        return by is null ? null : new FocusRule(by, order != "asc");
    }

    private List<RecommendationRule> ReadRecommendations(YamlMappingNode root, List<ResultColumn> columns)
    {
        var result = new List<RecommendationRule>();
        if (Child(root, "recommendations") is not { } node)
        {
            return result;
        }

        foreach (var r in MappingItems(node, "recommendations must be a list", "each recommendation is a mapping { when | always, action, metric, owner }"))
        {
            CheckKeys(r, "recommendation", "when", "always", "action", "metric", "owner");
            var always = OptionalScalar(r, "always") is { } alwaysText && bool.TryParse(alwaysText, out var a) && a;
            var conditions = new List<RecommendationCondition>();
            if (Child(r, "when") is { } whenNode)
            {
                if (whenNode is not YamlSequenceNode whenList)
                {
                    Issue(whenNode, "when must be a list of conditions { row, column, op, value }");
                }
                else
                {
                    foreach (var conditionNode in whenList.Children)
                    {
                        if (ReadCondition(conditionNode, columns) is { } condition)
                        {
                            conditions.Add(condition);
                        }
                    }
                }
            }
            else if (!always)
            {
                Issue(r, "a recommendation needs 'when' conditions or 'always: true'");
            }

            var action = RequiredText(r, "action");
            var metric = RequiredText(r, "metric");
            var owner = OptionalText(r, "owner");
            if (action is not null && metric is not null)
            {
                result.Add(new RecommendationRule(conditions, always, action, metric, owner));
            }
        }

        return result;
    }

    private RecommendationCondition? ReadCondition(YamlNode node, List<ResultColumn> columns)
    {
        if (node is not YamlMappingNode c)
        {
            Issue(node, "a condition is a mapping { row, column, op, value }");
            return null;
        }

        CheckKeys(c, "condition", "row", "column", "op", "value", "of");
        var row = OptionalScalar(c, "row") ?? "focus";
        var of = OptionalScalar(c, "of");
        if (of is not null && !ConditionAttributes.All.Contains(of))
        {
            Issue(Child(c, "of")!, $"of '{of}' is unknown (use {string.Join(" | ", ConditionAttributes.All)})");
        }

        if (!RowSelectors.Contains(row))
        {
            Issue(Child(c, "row")!, $"row '{row}' is unknown (use {string.Join(" | ", RowSelectors)})");
        }

        var column = RequiredScalar(c, "column");
        if (column is not null && columns.Count > 0 && !HasColumn(columns, column))
        {
            Issue(Child(c, "column")!, $"condition names column '{column}', which is not in columns");
        }

        var op = RequiredScalar(c, "op");
        if (op is not null && !Operators.Contains(op))
        {
            Issue(Child(c, "op")!, $"operator '{op}' is unknown (use {string.Join(" ", Operators)})");
        }

        object? value = null;
        if (Child(c, "value") is { } valueNode)
        {
            value = valueNode switch
            {
                YamlSequenceNode seq => ScalarList(seq, "value"),
                YamlScalarNode scalar => scalar.Value,
                _ => null,
            };
            if (op is "in" or "not_in" && value is not IReadOnlyList<string>)
            {
                Issue(valueNode, $"operator '{op}' needs a list value, e.g. [payment, checkout]");
            }
        }
        else
        {
            Issue(c, "condition is missing 'value'");
        }

        return column is null || op is null ? null : new RecommendationCondition(row, column, op, value, of);
    }

    private List<SkillTest> ReadTests(YamlMappingNode root, List<SkillParameter> parameters)
    {
        var result = new List<SkillTest>();
        if (Child(root, "tests") is not { } node)
        {
            return result;
        }

        foreach (var t in MappingItems(node, "tests must be a list", "each test is a mapping { name, arguments, expect }"))
        {
            CheckKeys(t, "test", "name", "arguments", "expect");
            var name = RequiredScalar(t, "name");
            var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Child(t, "arguments") is YamlMappingNode argumentsNode)
            {
                foreach (var (key, value) in argumentsNode.Children)
                {
                    var argumentName = ((YamlScalarNode)key).Value ?? "";
                    if (!parameters.Any(p => p.Name == argumentName))
                    {
                        Issue(key, $"test argument '{argumentName}' is not a declared parameter");
                    }

                    arguments[argumentName] = value is YamlScalarNode s ? s.Value ?? "" : "";
                }
            }

            var focus = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var expectColumns = new Dictionary<string, ColumnExpectation>(StringComparer.OrdinalIgnoreCase);
            int? minRows = null, maxRows = null;
            if (Child(t, "expect") is YamlMappingNode expect)
            {
                CheckKeys(expect, "expect", "min_rows", "max_rows", "focus", "columns");
                minRows = (int?)OptionalDecimal(expect, "min_rows");
                maxRows = (int?)OptionalDecimal(expect, "max_rows");
                if (Child(expect, "focus") is YamlMappingNode focusNode)
                {
                    foreach (var (key, value) in focusNode.Children)
                    {
                        focus[((YamlScalarNode)key).Value ?? ""] = value is YamlScalarNode s ? s.Value ?? "" : "";
                    }
                }

                if (Child(expect, "columns") is YamlMappingNode columnsNode)
                {
                    foreach (var (key, value) in columnsNode.Children)
                    {
                        if (ReadColumnExpectation(value) is { } expectation)
                        {
                            expectColumns[((YamlScalarNode)key).Value ?? ""] = expectation;
                        }
                    }
                }
            }
            else
            {
                Issue(t, "a test needs 'expect' (min_rows, max_rows, focus, columns)");
            }

            if (name is not null)
            {
                result.Add(new SkillTest(name, arguments, new SkillTestExpectation(minRows, maxRows, focus, expectColumns)));
            }
        }

        return result;
    }

    private ColumnExpectation? ReadColumnExpectation(YamlNode node)
    {
        if (node is not YamlMappingNode m)
        {
            Issue(node, "a column expectation is a mapping: { between: [a, b] } | { min: a } | { max: b } | { equals: v }");
            return null;
        }

        CheckKeys(m, "column expectation", "between", "min", "max", "equals");
        decimal? min = OptionalDecimal(m, "min"), max = OptionalDecimal(m, "max");
        if (Child(m, "between") is { } between)
        {
            var bounds = ScalarList(between, "between");
            if (bounds.Count != 2 || !TryDecimal(bounds[0], out var low) || !TryDecimal(bounds[1], out var high))
            {
                Issue(between, "between needs two numbers: [low, high]");
                return null;
            }

            (min, max) = (low, high);
        }

        return new ColumnExpectation(min, max, OptionalScalar(m, "equals"));
    }

    /// <summary>Every {row.column} and {param.x} placeholder in answer, empty and recommendations must name something that exists.</summary>
    private void CheckPlaceholders(YamlMappingNode root, List<ResultColumn> columns, List<SkillParameter> parameters)
    {
        if (columns.Count == 0)
        {
            return;
        }

        var texts = new List<YamlNode>();
        foreach (var key in new[] { "answer", "answer_lowest", "answer_single", "empty" })
        {
            if (Child(root, key) is { } n)
            {
                texts.Add(n);
            }
        }

        if (Child(root, "recommendations") is YamlSequenceNode recs)
        {
            texts.AddRange(recs.Children.OfType<YamlMappingNode>().Select(r => Child(r, "action")).OfType<YamlNode>());
        }

        foreach (var node in texts)
        {
            foreach (var scalar in node.AllNodes.OfType<YamlScalarNode>())
            {
                foreach (var placeholder in TemplateText.Placeholders(scalar.Value ?? ""))
                {
                    if (TemplateText.Check(placeholder, columns, parameters) is { } problem)
                    {
                        Issue(scalar, problem);
                    }
                }
            }
        }
    }

    private BilingualList? Bilingual(YamlMappingNode parent, string key, bool required)
    {
        if (Child(parent, key) is not { } node)
        {
            if (required)
            {
                Issue(parent, $"missing field '{key}' ({{ zh: [...], en: [...] }})");
            }

            return null;
        }

        if (node is not YamlMappingNode m)
        {
            Issue(node, $"{key} must be a mapping {{ zh: [...], en: [...] }}");
            return null;
        }

        CheckKeys(m, key, "zh", "en");
        var zh = Child(m, "zh") is { } zhNode ? ScalarList(zhNode, $"{key}.zh") : [];
        var en = Child(m, "en") is { } enNode ? ScalarList(enNode, $"{key}.en") : [];
        return new BilingualList(zh, en);
    }

    private LocalizedText? RequiredText(YamlMappingNode parent, string key)
    {
        var text = OptionalText(parent, key);
        if (text is null && Child(parent, key) is null)
        {
            Issue(parent, $"missing field '{key}' ({{ zh: …, en: … }})");
        }

        return text;
    }

    private LocalizedText? OptionalText(YamlMappingNode parent, string key)
    {
        if (Child(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode m)
        {
            Issue(node, $"{key} must have both languages: {{ zh: …, en: … }}");
            return null;
        }

        CheckKeys(m, key, "zh", "en");
        var zh = Child(m, "zh") as YamlScalarNode;
        var en = Child(m, "en") as YamlScalarNode;
        if (string.IsNullOrWhiteSpace(zh?.Value) || string.IsNullOrWhiteSpace(en?.Value))
        {
            Issue(node, $"{key} needs non-empty zh and en text");
            return null;
        }

        return new LocalizedText(zh.Value.Trim(), en.Value.Trim());
    }

    private string? RequiredScalar(YamlMappingNode parent, string key)
    {
        var value = OptionalScalar(parent, key);
        if (value is null && Child(parent, key) is null)
        {
            Issue(parent, $"missing field '{key}'");
        }

        return value;
    }

    private string? OptionalScalar(YamlMappingNode parent, string key)
    {
        if (Child(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            Issue(node, $"'{key}' must be a single non-empty value");
            return null;
        }

        return scalar.Value;
    }

    private decimal? OptionalDecimal(YamlMappingNode parent, string key)
    {
        if (OptionalScalar(parent, key) is not { } text)
        {
            return null;
        }

        if (!TryDecimal(text, out var value))
        {
            Issue(Child(parent, key)!, $"'{key}' must be a number, not '{text}'");
            return null;
        }

        return value;
    }

    private List<string> ScalarList(YamlNode node, string what)
    {
        if (node is YamlSequenceNode seq)
        {
            var values = new List<string>();
            foreach (var item in seq.Children)
            {
                if (item is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v))
                {
                    values.Add(v.Trim());
                }
                else
                {
                    Issue(item, $"{what}: each item must be a single non-empty value");
                }
            }

            return values;
        }

        Issue(node, $"{what} must be a list [a, b, c]");
        return [];
    }

    private void CheckKeys(YamlMappingNode node, string what, params string[] known)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!known.Contains(key.Value))
            {
                Issue(key, $"unknown field '{key.Value}' in {what} (known: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>The mapping items of a YAML list, reporting a node that is not a list, or an item that is not a mapping, at its line.</summary>
    private IEnumerable<YamlMappingNode> MappingItems(YamlNode node, string notAList, string notAMapping)
    {
        if (node is not YamlSequenceNode list)
        {
            Issue(node, notAList);
            yield break;
        }

        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else
            {
                Issue(item, notAMapping);
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static bool HasColumn(List<ResultColumn> columns, string name) =>
        columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private void Issue(YamlNode node, string message) => _issues.Add(new SkillIssue(_file, (int)node.Start.Line, message));

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdPattern();
}
