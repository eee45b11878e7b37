using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Metrics.Definitions;

/// <summary>How a metric's value is shown: a count, a share, money, hours or a score.</summary>
public enum MetricUnit
{
    Count,
    Percent,
    Currency,
    Hours,
    Score,
}

/// <summary>The aggregate a measure computes over the rows of its view.</summary>
public enum MeasureKind
{
    /// <summary>count(*) of the rows that meet the measure's condition.</summary>
    Count,

    /// <summary>count(DISTINCT column).</summary>
    CountDistinct,

    Sum,
    Average,
    Median,

    /// <summary>numerator ÷ denominator, each a measure of its own.</summary>
    Ratio,

    /// <summary>Net promoter score of a 0–10 column: % promoters (9–10) − % detractors (0–6).</summary>
    NetPromoter,
}

/// <summary>
/// A declared condition on the rows a measure counts. Every part names dictionary ids or columns of the view, never SQL:
/// the compiler turns it into SQL, so a metric file cannot smuggle an expression in.
/// </summary>
public sealed record MeasureCondition(
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Touchpoints,
    IReadOnlyList<string> Stages,
    bool? Conversion,
    string? TrueColumn,
    string? NotNullColumn,
    int? MinOrderSeq)
{
    public static MeasureCondition None { get; } = new([], [], [], null, null, null, null);

    public bool IsEmpty => Events.Count == 0 && Touchpoints.Count == 0 && Stages.Count == 0 && Conversion is null
        && TrueColumn is null && NotNullColumn is null && MinOrderSeq is null;
}

/// <summary>One aggregate of a metric (or the numerator / denominator of a ratio).</summary>
public sealed record Measure(MeasureKind Kind, string? Column, MeasureCondition Where, Measure? Numerator = null, Measure? Denominator = null)
{
    /// <summary>True when the per-member values add up to the total, so a change can be split into its members' changes.</summary>
    public bool IsAdditive => Kind is MeasureKind.Count or MeasureKind.Sum;
}

/// <summary>What to do next when a metric moves: the playbook lines a metric file declares, by direction.</summary>
public sealed record MetricPlaybook(LocalizedText? Up, LocalizedText? Down, LocalizedText? Always, LocalizedText Owner)
{
    public static MetricPlaybook Empty { get; } = new(null, null, null, new LocalizedText("业务负责人", "Business owner"));
}

/// <summary>A declared metric: names people use for it, its definition, the aggregate over one analysis view, and what it may be cut by.</summary>
public sealed record MetricDefinition(
    string Id,
    int Version,
    LocalizedText Name,
    BilingualList Aliases,
    LocalizedText Definition,
    string View,
    Measure Measure,
    MetricUnit Unit,
    bool HigherIsBetter,
    IReadOnlyList<string> Dimensions,
    MetricPlaybook Playbook,
    string SourcePath)
{
    /// <summary>The skill id under which a compiled query of this metric runs, is audited and cached.</summary>
    public string QueryId => "metric:" + Id;
}

/// <summary>A declared dimension: the names people use for it and the column that holds it in each analysis view.</summary>
public sealed record DimensionDefinition(
    string Id,
    LocalizedText Name,
    BilingualList Aliases,
    IReadOnlyDictionary<string, string> Columns,
    string? Dictionary,
    bool IsTime)
{
    /// <summary>The column of <paramref name="view"/> that holds this dimension, or null when the view has none.</summary>
    public string? ColumnIn(string view) => Columns.GetValueOrDefault(view);
}
