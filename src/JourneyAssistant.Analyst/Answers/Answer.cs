using System.Text.Json.Serialization;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Answers;

/// <summary>What the analyst did with a question.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerKind>))]
public enum AnswerKind
{
    /// <summary>A skill ran and the answer is grounded in its result.</summary>
    Answered,

    /// <summary>Nothing ran: the question matched no skill well enough; follow_ups suggest what can be asked.</summary>
    NotUnderstood,

    /// <summary>Nothing ran: out of scope, or instruction-like/hostile input.</summary>
    Declined,

    /// <summary>A skill failed; the answer apologises with a reference id (details in the log and audit).</summary>
    Failed,

    /// <summary>The weekly summary report.</summary>
    Summary,

    /// <summary>A conversational reply that ran no query (e.g. subscription confirmed, help).</summary>
    Info,
}

/// <summary>A recommended next action, grounded in a number, naming the metric to watch.</summary>
public sealed record Recommendation(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("owner")] string? Owner = null);

/// <summary>A column of the answer's table, as shown to people.</summary>
public sealed record AnswerColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("unit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unit = null);

/// <summary>The one answer type used by the CLI, the bot and the reports. JSON keys are the public contract of `journey ask --json`.</summary>
public sealed record Answer
{
    [JsonPropertyName("question")] public required string Question { get; init; }

    /// <summary>"zh" or "en": the question's language, which the answer uses.</summary>
    [JsonPropertyName("language")] public required string Language { get; init; }

    [JsonPropertyName("kind")] public AnswerKind Kind { get; init; } = AnswerKind.Answered;

    /// <summary>Skill id that ran, or null when nothing ran.</summary>
    [JsonPropertyName("skill")] public string? Skill { get; init; }

    [JsonPropertyName("skill_version")] public int? SkillVersion { get; init; }

    [JsonPropertyName("parameters")] public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();

    /// <summary>The exact SQL that ran (parameters bound separately).</summary>
    [JsonPropertyName("sql")] public string? Sql { get; init; }

    [JsonPropertyName("columns")] public IReadOnlyList<AnswerColumn> Columns { get; init; } = [];

    [JsonPropertyName("rows")] public IReadOnlyList<object?[]> Rows { get; init; } = [];

    /// <summary>1–2 sentences leading with the direct answer and the key number.</summary>
    [JsonPropertyName("answer")] public required string Text { get; init; }

    /// <summary>Definitions, date range and time zone used, caveats.</summary>
    [JsonPropertyName("explanation")] public string Explanation { get; init; } = "";

    [JsonPropertyName("recommendations")] public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];

    /// <summary>Path of the rendered chart PNG, or null.</summary>
    [JsonPropertyName("chart")] public string? Chart { get; init; }

    [JsonPropertyName("follow_ups")] public IReadOnlyList<string> FollowUps { get; init; } = [];

    /// <summary>True when the SQL was proposed by a model (not a vetted skill): shown as "generated SQL — please review".</summary>
    [JsonPropertyName("generated_sql")] public bool GeneratedSql { get; init; }

    /// <summary>Row filters that applied to this user's data, in plain words; null when none.</summary>
    [JsonPropertyName("data_scope")] public string? DataScope { get; init; }

    /// <summary>Audit/reference id of the execution (quoted in apologies).</summary>
    [JsonPropertyName("reference")] public string? Reference { get; init; }

    /// <summary>How the question was routed: "offline", "llm", "follow-up", "none".</summary>
    [JsonPropertyName("routed_by")] public string RoutedBy { get; init; } = "offline";

    /// <summary>Which layer answered and why: a metric plan compiled from declared pieces, or a vetted skill; null when nothing ran.</summary>
    [JsonPropertyName("route"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public AnswerRoute? Route { get; init; }

    /// <summary>The column the answer is about (the skill's focus, e.g. conversion_rate): what the key numbers lead with.</summary>
    [JsonPropertyName("focus_column")] public string? FocusColumn { get; init; }

    /// <summary>A plain message that ran nothing (a notice, a refusal, a confirmation): no skill, no rows, no follow-ups.</summary>
    public static Answer Message(AnswerKind kind, Language language, string text, string question = "") => new()
    {
        Question = question,
        Language = language.Code(),
        Kind = kind,
        Text = text,
        RoutedBy = "none",
    };
}

/// <summary>How a question was routed: <c>kind</c> "metric" (with the plan's shape and the signals that chose it) or "skill".</summary>
public sealed record AnswerRoute(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("shape"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Shape = null,
    [property: JsonPropertyName("signals"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signals = null,
    [property: JsonPropertyName("skill_score"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SkillScore = null);
