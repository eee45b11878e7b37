using System.Globalization;
using System.Text;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Metrics.Compilation;

/// <summary>
/// Compiles a <see cref="MetricPlan"/> to one parameterized DuckDB query from the metric's declared measure and the
/// dimensions' declared columns. Values (period bounds, filter values, limits) are bound parameters, never text in the SQL;
/// identifiers come only from the files, which the reader checked against the analysis views.
/// </summary>
public sealed class MetricCompiler(IReadOnlyDictionary<string, DimensionDefinition> dimensions, IJourneyDictionary? dictionary = null)
{
    /// <summary>Members a ranking of a ratio must rest on before it may be named best or worst.</summary>
    public const int MinRankingBase = 30;

    /// <summary>Dimensions a change may be split by to find its driver, in order of preference on ties.</summary>
    private static readonly string[] DriverDimensions = ["channel", "region", "touchpoint", "campaign", "source", "event"];

    public CompiledMetric Compile(MetricPlan plan)
    {
        var metric = plan.Metric;
        var view = metric.View;
        var day = DayColumn(view);
        var parameters = new List<SkillParameter>
        {
            new("period", ParameterType.DateRange, new LocalizedText("统计时间范围", "Period"), Required: true),
        };
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal) { ["period"] = Range(plan.Period) };
        var filters = new StringBuilder();
        foreach (var group in plan.FilterList.GroupBy(f => f.Dimension, StringComparer.Ordinal))
        {
            var dimension = Dimension(group.Key);
            var column = dimension.ColumnIn(view)
                ?? throw new MetricPlanException(new LocalizedText($"{metric.Name.Zh}不能按{dimension.Name.Zh}筛选。", $"{metric.Name.En} can't be filtered by {dimension.Name.En}."));
            var names = new List<string>();
            foreach (var (filter, i) in group.Select((f, i) => (f, i + 1)))
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"f_{dimension.Id}_{i}");
                parameters.Add(new SkillParameter(name, ParameterType.String, new LocalizedText($"只看该{dimension.Name.Zh}", $"Only this {dimension.Name.En}")));
                arguments[name] = filter.Value;
                names.Add("$" + name);
            }

            filters.Append(CultureInfo.InvariantCulture, $"\n  AND CAST(f.{column} AS VARCHAR) IN ({string.Join(", ", names)})");
        }

        string sql;
        List<ResultColumn> columns;
        ChartHint chart;
        FocusRule? focus = null;
        var value = ValueColumn(metric);
        var baseColumn = new ResultColumn("base", ColumnRole.Count, new LocalizedText("计算基数", "Base"));
        var baseSql = MeasureSql.Base(metric.Measure, view, null);
        var inPeriod = $"f.{day} BETWEEN $period_start::DATE AND $period_end::DATE";
        switch (plan.Shape)
        {
            case MetricShape.Total:
                sql = $"SELECT {MeasureSql.Aggregate(metric.Measure, view, null)} AS value{(baseSql is null ? "" : $", {baseSql} AS base")}\nFROM {view} f\nWHERE {inPeriod}{filters}";
                columns = baseSql is null ? [value] : [value, baseColumn];
                chart = new ChartHint("table");
                break;

            case MetricShape.Compare:
                parameters.Add(new SkillParameter("previous", ParameterType.DateRange, new LocalizedText("对比期", "Comparison period"), Required: true));
                arguments["previous"] = Range(plan.Previous ?? throw new ArgumentException("a comparison needs a previous period", nameof(plan)));
                sql = CompareSql(plan, view, day, filters.ToString());
                columns =
                [
                    new ResultColumn("side", ColumnRole.Dimension, new LocalizedText("期间", "Period")),
                    new ResultColumn("period_start", ColumnRole.Dimension, new LocalizedText("开始日期", "Start")),
                    new ResultColumn("period_end", ColumnRole.Dimension, new LocalizedText("结束日期", "End")),
                    value,
                    baseSql is null ? new ResultColumn("base", ColumnRole.Count, new LocalizedText("计算基数", "Base")) : baseColumn,
                    new ResultColumn("driver_dimension", ColumnRole.Dimension, new LocalizedText("主要维度", "Driver dimension")),
                    new ResultColumn("driver_member", ColumnRole.Dimension, new LocalizedText("主要来源", "Driver")),
                    value with { Name = "driver_delta", Label = new LocalizedText("来源变化", "Driver change") },
                ];
                chart = new ChartHint("bar", "period_start", "value");
                break;

            case MetricShape.Trend:
            {
                var by = plan.By ?? Dimension("day");
                var bucket = by.ColumnIn(view) ?? throw NotBy(metric, by);
                sql = $"SELECT f.{bucket} AS bucket, {MeasureSql.Aggregate(metric.Measure, view, null)} AS value{(baseSql is null ? "" : $", {baseSql} AS base")}\nFROM {view} f\nWHERE {inPeriod}{filters}\nGROUP BY bucket\nORDER BY bucket";
                columns = [new ResultColumn("bucket", ColumnRole.Dimension, by.Name), value, .. baseSql is null ? Array.Empty<ResultColumn>() : [baseColumn]];
                chart = new ChartHint("line", "bucket", "value");
                focus = new FocusRule("value", !plan.Ascending);
                break;
            }

            default:
            {
                var by = plan.By ?? throw new ArgumentException("a breakdown needs a dimension", nameof(plan));
                var member = by.ColumnIn(view) ?? throw NotBy(metric, by);
                var having = plan.Ranking && metric.Measure.Kind == MeasureKind.Ratio && baseSql is not null
                    ? string.Create(CultureInfo.InvariantCulture, $"\nHAVING {baseSql} >= {MinRankingBase}")
                    : "";
                parameters.Add(new SkillParameter("limit", ParameterType.Integer, new LocalizedText("最多列出", "At most"), Min: 1, Max: 100));
                arguments["limit"] = plan.Limit.ToString(CultureInfo.InvariantCulture);
                var order = plan.Ascending ? "ASC" : "DESC";
                var countSql = baseSql ?? MeasureSql.Aggregate(metric.Measure, view, null);
                sql = $"SELECT CAST(f.{member} AS VARCHAR) AS member, {MeasureSql.Aggregate(metric.Measure, view, null)} AS value, {countSql} AS base\n"
                    + $"FROM {view} f\nWHERE {inPeriod}{filters}\nGROUP BY member{having}\nORDER BY value {order} NULLS LAST, member\nLIMIT $limit";
                columns = [new ResultColumn("member", ColumnRole.Dimension, by.Name, by.Dictionary), value, baseColumn];
                chart = new ChartHint("bar", "member", "value");
                focus = new FocusRule("value", !plan.Ascending);
                break;
            }
        }

        var query = new SkillDefinition(
            metric.QueryId, metric.Version, "metrics", metric.Name, metric.Definition, Definitions(metric),
            BilingualList.Empty, BilingualList.Empty, parameters, sql, null, columns, chart, focus,
            new LocalizedText($"{{period}}，{metric.Name.Zh}为 {{first.value}}。", $"{metric.Name.En} for {{period}}: {{first.value}}."),
            Empty(metric), [], [], metric.SourcePath);
        return new CompiledMetric(plan, query, arguments);
    }

    private string CompareSql(MetricPlan plan, string view, string day, string filters)
    {
        var metric = plan.Metric;
        var current = $"f.{day} BETWEEN $period_start::DATE AND $period_end::DATE";
        var previous = $"f.{day} BETWEEN $previous_start::DATE AND $previous_end::DATE";
        var measure = metric.Measure;
        var baseOf = (string side) => MeasureSql.Base(measure, view, side) ?? MeasureSql.Aggregate(measure, view, side);
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"""
            WITH scanned AS (
              SELECT * FROM {view} f
              WHERE f.{day} BETWEEN least($previous_start::DATE, $period_start::DATE) AND greatest($previous_end::DATE, $period_end::DATE){filters}),
            sides AS (
              SELECT {MeasureSql.Aggregate(measure, view, current)} AS current_value, {MeasureSql.Aggregate(measure, view, previous)} AS previous_value,
                     {baseOf(current)} AS current_base, {baseOf(previous)} AS previous_base
              FROM scanned f)
            """);
        var candidates = plan.By is { IsTime: false } asked ? [asked.Id] : DriverDimensions;
        var drivers = measure.IsAdditive
            ? candidates.Where(metric.Dimensions.Contains).Select(id => Dimension(id)).Where(d => d.ColumnIn(view) is not null).ToList()
            : [];
        if (drivers.Count > 0)
        {
            var parts = drivers.Select(d =>
                $"  SELECT {MeasureSql.Literal(d.Id)} AS dimension, CAST(f.{d.ColumnIn(view)} AS VARCHAR) AS member, "
                + $"{MeasureSql.Aggregate(measure, view, current)} - {MeasureSql.Aggregate(measure, view, previous)} AS delta\n  FROM scanned f GROUP BY ALL");
            sql.Append(",\nmoves AS (\n").Append(string.Join("\n  UNION ALL\n", parts)).Append("),\n");
            sql.Append("""
                ranked AS (
                  SELECT dimension, member, delta, count(*) OVER (PARTITION BY dimension) AS members,
                         row_number() OVER (PARTITION BY dimension ORDER BY abs(delta) DESC, member) AS position
                  FROM moves WHERE member IS NOT NULL),
                driver AS (
                  SELECT dimension, member, delta FROM ranked
                  WHERE position = 1 AND members >= 2 AND delta <> 0
                  ORDER BY abs(delta) DESC, dimension LIMIT 1)
                """);
        }
        else
        {
            sql.Append(",\ndriver AS (SELECT NULL::VARCHAR AS dimension, NULL::VARCHAR AS member, NULL::DOUBLE AS delta WHERE false)");
        }

        sql.Append("""

            SELECT 'previous' AS side, $previous_start::DATE AS period_start, $previous_end::DATE AS period_end, s.previous_value AS value, s.previous_base AS base,
                   d.dimension AS driver_dimension, d.member AS driver_member, d.delta AS driver_delta
            FROM sides s LEFT JOIN driver d ON true
            UNION ALL
            SELECT 'current', $period_start::DATE, $period_end::DATE, s.current_value, s.current_base, d.dimension, d.member, d.delta
            FROM sides s LEFT JOIN driver d ON true
            ORDER BY period_start
            """);
        return sql.ToString();
    }

    /// <summary>The column of <paramref name="view"/> that periods filter: the "day" dimension's, else any time dimension's.</summary>
    private string DayColumn(string view) =>
        (dimensions.GetValueOrDefault("day")?.ColumnIn(view) is { } day ? day : null)
        ?? dimensions.Values.Where(d => d.IsTime).Select(d => d.ColumnIn(view)).FirstOrDefault(c => c is not null)
        ?? throw new InvalidOperationException($"no time dimension has a column in {view}");

    private DimensionDefinition Dimension(string id) =>
        dimensions.GetValueOrDefault(id) ?? throw new MetricPlanException(new LocalizedText($"没有名为 {id} 的维度。", $"There is no dimension '{id}'."));

    private static MetricPlanException NotBy(MetricDefinition metric, DimensionDefinition by) =>
        new(new LocalizedText($"{metric.Name.Zh}不能按{by.Name.Zh}拆分。", $"{metric.Name.En} is not available by {by.Name.En}."));

    private static string Range(DateRange range) => range.IsAll ? "all" : $"{range.Start:yyyy-MM-dd}..{range.End:yyyy-MM-dd}";

    /// <summary>The value column, formatted by the metric's unit.</summary>
    public static ResultColumn ValueColumn(MetricDefinition metric) => metric.Unit switch
    {
        MetricUnit.Count => new ResultColumn("value", ColumnRole.Count, metric.Name),
        MetricUnit.Percent => new ResultColumn("value", ColumnRole.Percent, metric.Name),
        MetricUnit.Currency => new ResultColumn("value", ColumnRole.Currency, metric.Name),
        MetricUnit.Hours => new ResultColumn("value", ColumnRole.Duration, metric.Name, Unit: "hours"),
        _ => new ResultColumn("value", ColumnRole.Measure, metric.Name),
    };

    private static LocalizedText Definitions(MetricDefinition metric) => new(
        $"{metric.Name.Zh}：{metric.Definition.Zh}日期为报告时区的本地日期，含首尾。",
        $"{metric.Name.En}: {metric.Definition.En} Dates are local dates in the reporting zone, inclusive.");

    /// <summary>What an answer says when nothing in the period supports the metric: which data it needs.</summary>
    private LocalizedText Empty(MetricDefinition metric)
    {
        var needs = Needs(metric.Measure.Denominator ?? metric.Measure);
        return new LocalizedText(
            $"所选时间和条件下没有可计算{metric.Name.Zh}的数据{(needs is null ? "" : $"：它需要{needs.Zh}")}。",
            $"There is no data to compute {metric.Name.En} for the selected period and filters{(needs is null ? "" : $": it needs {needs.En}")}.");
    }

    private LocalizedText? Needs(Measure measure)
    {
        var where = measure.Where;
        string Labels(string kind, IReadOnlyList<string> ids, Language language) =>
            string.Join(language == Language.Zh ? "、" : ", ", ids.Select(id => dictionary?.Label(kind, id, language) ?? id));
        if (where.Events.Count > 0)
        {
            return new LocalizedText($"“{Labels(DictionaryKind.Event, where.Events, Language.Zh)}”事件", $"'{Labels(DictionaryKind.Event, where.Events, Language.En)}' events");
        }

        if (where.Touchpoints.Count > 0)
        {
            return new LocalizedText($"到达“{Labels(DictionaryKind.Touchpoint, where.Touchpoints, Language.Zh)}”触点的人", $"people reaching the '{Labels(DictionaryKind.Touchpoint, where.Touchpoints, Language.En)}' touchpoint");
        }

        return where.Conversion is true ? new LocalizedText("转化（支付/购买）事件", "conversion (purchase) events") : null;
    }
}

/// <summary>A plan the metric layer cannot compile as asked; the text says why and what is possible.</summary>
public sealed class MetricPlanException(LocalizedText text) : Exception(text.En)
{
    public LocalizedText Text { get; } = text;
}
