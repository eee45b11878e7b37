using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace JourneyAssistant.Analyst.Evaluation;

/// <summary>One evaluation question: what is asked and what a correct answer looks like.</summary>
public sealed record EvalCase(
    string Id,
    string Category,
    string Question,
    string Expect,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> Contains,
    string? Conversation,
    int Turn);

/// <summary>The evaluation set (tests/eval/questions.yaml): questions and follow-up chains with expected skills, parameters and headline facts.</summary>
public sealed class EvalSuite
{
    /// <summary>The default file, relative to the content root.</summary>
    public const string DefaultPath = "tests/eval/questions.yaml";

    /// <summary>Questions written blind, from the domain and skill titles only: the estimate of accuracy on unseen phrasing.</summary>
    public const string HoldoutPath = "tests/eval/holdout.yaml";

    /// <summary>The files `journey eval` runs when no --file is given, each against its own threshold.</summary>
    public static readonly IReadOnlyList<string> DefaultPaths = [DefaultPath, HoldoutPath, MetricsPath, MetricsRetailPath];

    /// <summary>Metric questions on the sample store, written blind from the metric definitions and the store's truth.</summary>
    public const string MetricsPath = "tests/eval/metrics.yaml";

    /// <summary>Metric questions on a generated retail company's store (its own names and shape).</summary>
    public const string MetricsRetailPath = "tests/eval/metrics-retail.yaml";

    /// <summary>Expected values that mean "nothing ran".</summary>
    public const string Declined = "declined";

    public const string NotUnderstood = "not_understood";

    public const string Summary = "summary";

    public required DateOnly AsOf { get; init; }

    public required IReadOnlyList<EvalCase> Cases { get; init; }

    /// <summary>The store the questions are about: null for the configured (sample) store, else a generated company's.</summary>
    public EvalStore? Store { get; init; }

    /// <summary>The minimum overall accuracy the file itself asks for (its `threshold:` key), or null for the default.</summary>
    public double? Threshold { get; init; }

    /// <summary>Reads and checks a suite file; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static EvalSuite Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var file = deserializer.Deserialize<SuiteYaml>(File.ReadAllText(path)) ?? throw new FormatException($"{path} is empty.");
        if (!DateOnly.TryParseExact(file.AsOf ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            throw new FormatException($"{path}: as_of must be a yyyy-MM-dd date.");
        }

        var cases = new List<EvalCase>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in file.Questions)
        {
            if (item.Conversation is { Count: > 0 } turns)
            {
                for (var i = 0; i < turns.Count; i++)
                {
                    cases.Add(ToCase(turns[i], $"{item.Id}.{i + 1}", item.Category ?? "follow_up", item.Id, i));
                }
            }
            else
            {
                cases.Add(ToCase(item, item.Id, item.Category, null, 0));
            }
        }

        foreach (var c in cases)
        {
            if (!ids.Add(c.Id))
            {
                throw new FormatException($"{path}: duplicate id '{c.Id}'.");
            }
        }

        if (file.Threshold is { } bar && bar is < 0 or > 1)
        {
            throw new FormatException($"{path}: threshold must be between 0 and 1.");
        }

        return new EvalSuite { AsOf = asOf, Cases = cases, Threshold = file.Threshold, Store = EvalStore.From(file.Store, path) };

        static EvalCase ToCase(QuestionYaml q, string? id, string? category, string? conversation, int turn)
        {
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(q.Q) || string.IsNullOrWhiteSpace(q.Expect))
            {
                throw new FormatException($"every question needs id, q and expect (at '{id ?? q.Q}').");
            }

            return new EvalCase(id, category ?? "general", q.Q, q.Expect,
                q.Params ?? new Dictionary<string, string>(), q.Contains ?? [], conversation, turn);
        }
    }

    private sealed class SuiteYaml
    {
        public string? AsOf { get; set; }

        public object? Store { get; set; }

        public double? Threshold { get; set; }

        public List<QuestionYaml> Questions { get; set; } = [];
    }

    private sealed class QuestionYaml
    {
        public string? Id { get; set; }

        public string? Category { get; set; }

        public string? Q { get; set; }

        public string? Expect { get; set; }

        public Dictionary<string, string>? Params { get; set; }

        public List<string>? Contains { get; set; }

        public List<QuestionYaml>? Conversation { get; set; }
    }
}

/// <summary>A generated company's store an eval file runs on (<c>store: { company: retail, people: 2000, seed: 42 }</c>).</summary>
public sealed record EvalStore(string Company, int People, int Seed)
{
    /// <summary>Folder name of the cached store under data/eval-stores.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Company}-{People}-{Seed}");

    internal static EvalStore? From(object? value, string path) => value switch
    {
        null => null,
        string s when s.Equals("sample", StringComparison.OrdinalIgnoreCase) => null,
        IDictionary<object, object> map => Parse(map, path),
        _ => throw new FormatException($"{path}: store must be 'sample' or {{ company: retail, people: N, seed: N }}."),
    };

    private static EvalStore Parse(IDictionary<object, object> map, string path)
    {
        string? Get(string key) => map.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
        var company = Get("company") ?? throw new FormatException($"{path}: store needs a company.");
        if (company != "retail")
        {
            throw new FormatException($"{path}: store company '{company}' is not one the sample generator writes (retail).");
        }

        var people = int.TryParse(Get("people"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 2000;
        var seed = int.TryParse(Get("seed"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 42;
        return new EvalStore(company, people, seed);
    }
}
