using System.Globalization;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>
/// Reads one skill file (docs/SKILL-FORMAT.md) into a <see cref="SkillDefinition"/>, collecting every schema problem
/// with its line instead of stopping at the first, so an ops person fixes a file in one pass.
/// </summary>
public sealed class SkillFileReader(ChartKindRegistry chartKinds)
{
    private static readonly string[] TopLevelKeys =
    [
        "id", "version", "owner", "title", "description", "definitions", "examples", "keywords", "parameters", "sql",
        "transform", "columns", "chart", "focus", "answer", "answer_lowest", "answer_single", "empty", "recommendations", "tests",
    ];

    /// <summary>Dictionary kinds an enum may draw its values from.</summary>
    public static readonly IReadOnlyList<string> DictionaryKinds = ["channel", "touchpoint", "stage", "event"];

    /// <summary>Duration units a duration column may declare.</summary>
    public static readonly IReadOnlyList<string> DurationUnits = ["minutes", "hours", "days"];

    /// <summary>Row selectors of recommendation conditions.</summary>
    public static readonly IReadOnlyList<string> RowSelectors = ["focus", "first", "last", "total", "any"];

    /// <summary>Operators of recommendation conditions.</summary>
    public static readonly IReadOnlyList<string> Operators = [">", ">=", "<", "<=", "==", "!=", "in", "not_in"];

    /// <summary>Reads and checks the schema of a skill file; throws <see cref="SkillFileException"/> listing every problem.</summary>
    public SkillDefinition Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses skill YAML text; <paramref name="path"/> names the file in issues and locates a sibling .sql file.</summary>
    public SkillDefinition Parse(string yaml, string path)
    {
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

        var document = new SkillYaml(path);
        var definition = ReadSkill(document, root, path);
        if (document.Issues.Count > 0 || definition is null)
        {
            throw new SkillFileException([.. document.Issues]);
        }

        return definition;
    }

    private SkillDefinition? ReadSkill(SkillYaml yaml, YamlMappingNode root, string path)
    {
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!TopLevelKeys.Contains(key.Value))
            {
                yaml.Issue(key, $"unknown field '{key.Value}' (known: {string.Join(", ", TopLevelKeys)})");
            }
        }

        var id = yaml.RequiredScalar(root, "id");
        if (id is not null && !SkillYaml.IdPattern().IsMatch(id))
        {
            yaml.Issue(root.Children[new YamlScalarNode("id")], $"id '{id}' must be lower_snake_case (a-z, 0-9, _; starting with a letter)");
        }

        var version = 0;
        var versionText = yaml.RequiredScalar(root, "version");
        if (versionText is not null && (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1))
        {
            yaml.Issue(SkillYaml.Child(root, "version")!, $"version '{versionText}' must be a positive integer (bump it on every change)");
        }

        var owner = yaml.RequiredScalar(root, "owner");
        var title = yaml.RequiredText(root, "title");
        var description = yaml.RequiredText(root, "description");
        var definitions = yaml.OptionalText(root, "definitions");
        var examples = yaml.Bilingual(root, "examples", required: true);
        var keywords = yaml.Bilingual(root, "keywords", required: false);
        var parameters = new ParameterSection(yaml).Read(root);
        var sql = ReadSql(yaml, root, path, id);
        var transform = yaml.OptionalScalar(root, "transform");
        var columns = new ColumnSection(yaml).Read(root);
        var charts = new ChartSection(yaml, chartKinds);
        var chart = charts.ReadChart(root, columns);
        var focus = charts.ReadFocus(root, columns);
        var answer = yaml.RequiredText(root, "answer");
        var answerLowest = yaml.OptionalText(root, "answer_lowest");
        var answerSingle = yaml.OptionalText(root, "answer_single");
        var empty = yaml.OptionalText(root, "empty");
        var recommendations = new RecommendationSection(yaml).Read(root, columns);
        var tests = new TestSection(yaml).Read(root, parameters);

        if (examples is not null)
        {
            var examplesNode = SkillYaml.Child(root, "examples")!;
            if (examples.Zh.Count < 3)
            {
                yaml.Issue(examplesNode, $"examples.zh has {examples.Zh.Count} question(s); at least 3 Chinese examples are required");
            }

            if (examples.En.Count < 3)
            {
                yaml.Issue(examplesNode, $"examples.en has {examples.En.Count} question(s); at least 3 English examples are required");
            }
        }

        new PlaceholderCheck(yaml).Check(root, columns, parameters);

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

    private static string? ReadSql(SkillYaml yaml, YamlMappingNode root, string path, string? id)
    {
        var inline = yaml.OptionalScalar(root, "sql");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var candidates = new[] { Path.ChangeExtension(Path.GetFullPath(path), ".sql"), id is null ? null : Path.Combine(directory, id + ".sql") };
        var sibling = candidates.FirstOrDefault(c => c is not null && File.Exists(c));
        if (inline is not null && sibling is not null)
        {
            yaml.Issue(SkillYaml.Child(root, "sql")!, $"SQL is both inline and in {Path.GetFileName(sibling)}; keep one");
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

        yaml.Issue(root, "missing field 'sql' (inline, or a sibling <id>.sql file)");
        return null;
    }
}
