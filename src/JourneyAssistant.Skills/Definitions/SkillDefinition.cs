using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Definitions;

/// <summary>The type of a skill parameter, as written in the skill file.</summary>
public enum ParameterType
{
    DateRange,
    Enum,
    Integer,
    Number,
    String,
    Boolean,
}

/// <summary>Questions in both languages (examples, keywords).</summary>
public sealed record BilingualList(IReadOnlyList<string> Zh, IReadOnlyList<string> En)
{
    public static readonly BilingualList Empty = new([], []);

    /// <summary>The list in one language.</summary>
    public IReadOnlyList<string> this[Language language] => language == Language.Zh ? Zh : En;
}

/// <summary>A declared skill parameter: how a value is accepted, defaulted and bound.</summary>
public sealed record SkillParameter(
    string Name,
    ParameterType Type,
    LocalizedText Description,
    string? Default = null,
    bool Required = false,
    string? ValuesFrom = null,
    IReadOnlyList<string>? Values = null,
    decimal? Min = null,
    decimal? Max = null)
{
    /// <summary>The SQL parameter names this parameter binds ($period → period_start and period_end).</summary>
    public IReadOnlyList<string> SqlNames => Type == ParameterType.DateRange ? [$"{Name}_start", $"{Name}_end"] : [Name];
}

/// <summary>Which row an answer talks about: the row with the highest (or lowest) value of a column.</summary>
public sealed record FocusRule(string By, bool Descending = true);

/// <summary>One condition of a recommendation: `row.column op value`.</summary>
/// <param name="Of">
/// Null compares the column's value itself; <see cref="ConditionAttributes.ChannelKind"/> compares the dictionary kind
/// (paid/owned/offline/service) of the channel the value names, so a rule says "a paid channel" instead of listing ids.
/// </param>
public sealed record RecommendationCondition(string Row, string Column, string Op, object? Value, string? Of = null);

/// <summary>What a recommendation condition may read about a value besides the value itself (its <c>of:</c> key).</summary>
public static class ConditionAttributes
{
    /// <summary>The kind of the channel named by the value (dictionary <c>kind</c>; a store's own unclassified channel has none).</summary>
    public const string ChannelKind = "channel_kind";

    /// <summary>Every attribute a condition may name.</summary>
    public static readonly IReadOnlyList<string> All = [ChannelKind];
}

/// <summary>An action to recommend when all its conditions hold over the result.</summary>
public sealed record RecommendationRule(
    IReadOnlyList<RecommendationCondition> When,
    bool Always,
    LocalizedText Action,
    LocalizedText Metric,
    LocalizedText? Owner);

/// <summary>An expectation on one column of the focus row in a skill test.</summary>
public sealed record ColumnExpectation(decimal? Min = null, decimal? Max = null, string? EqualTo = null);

/// <summary>What a skill test expects from the result.</summary>
public sealed record SkillTestExpectation(
    int? MinRows,
    int? MaxRows,
    IReadOnlyDictionary<string, string> Focus,
    IReadOnlyDictionary<string, ColumnExpectation> Columns);

/// <summary>A skill's own test, run by `journey skills validate` against the sample store.</summary>
public sealed record SkillTest(string Name, IReadOnlyDictionary<string, string> Arguments, SkillTestExpectation Expect);

/// <summary>A parsed, validated skill file: a vetted, parameterized query with its wording, chart and recommendations.</summary>
public sealed record SkillDefinition(
    string Id,
    int Version,
    string Owner,
    LocalizedText Title,
    LocalizedText Description,
    LocalizedText? Definitions,
    BilingualList Examples,
    BilingualList Keywords,
    IReadOnlyList<SkillParameter> Parameters,
    string Sql,
    string? Transform,
    IReadOnlyList<ResultColumn> Columns,
    ChartHint Chart,
    FocusRule? Focus,
    LocalizedText Answer,
    LocalizedText? Empty,
    IReadOnlyList<RecommendationRule> Recommendations,
    IReadOnlyList<SkillTest> Tests,
    string SourcePath)
{
    /// <summary>
    /// The headline for a question that asks for the lowest or worst ("哪个渠道转化率最低？"), when the skill's usual answer
    /// leads with the highest: an answer never leads with the opposite of what was asked. Null when the usual one serves both.
    /// </summary>
    public LocalizedText? AnswerLowest { get; init; }

    /// <summary>
    /// The headline when the result has one row (a question about one channel keeps only its row: "best" and "worst"
    /// would name the same row), or when the question names one row by its event columns (one step pair of many), which
    /// is then its focus. Null when the usual answer reads right for one row too.
    /// </summary>
    public LocalizedText? AnswerSingle { get; init; }

    /// <summary>The declared parameter named <paramref name="name"/>, or null.</summary>
    public SkillParameter? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The skill's own channel filter (an enum parameter whose values are channels), or null.</summary>
    public SkillParameter? ChannelParameter =>
        Parameters.FirstOrDefault(p => p.Type == ParameterType.Enum && p.ValuesFrom == JourneyAssistant.Store.Dictionary.DictionaryKind.Channel);
}
