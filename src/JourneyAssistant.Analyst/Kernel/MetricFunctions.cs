using System.Globalization;
using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using Microsoft.SemanticKernel;

namespace JourneyAssistant.Analyst.Kernel;

/// <summary>A metric query the model asked for and the kernel accepted: every piece checked against the metric catalog.</summary>
public sealed record MetricCall(string Metric, string Period, string? By, IReadOnlyList<MetricFilter> Filters, bool Compare, bool Ascending, int Limit);

/// <summary>
/// The metric catalog as one Semantic Kernel function, <c>query_metric</c>, generated from the files: the metric and
/// dimension ids are its enum-typed arguments. A model's call is validated exactly like the offline planner's plan —
/// an unknown metric, a cut the metric doesn't declare or a value the store doesn't know goes back to the model as an
/// error naming what is allowed. The model never sends SQL through it.
/// </summary>
public static class MetricFunctions
{
    public const string Plugin = "metrics";

    public static KernelFunction Create(IMetricCatalog catalog, IJourneyDictionary dictionary)
    {
        var metrics = catalog.Metrics;
        var dimensions = catalog.Dimensions;
        var metricList = string.Join("; ", metrics.Select(m => $"{m.Id} ({m.Name.En} / {m.Name.Zh}; by: {string.Join(",", m.Dimensions)})"));
        return KernelFunctionFactory.CreateFromMethod(
            (KernelArguments arguments) =>
            {
                var call = Validate(catalog, dictionary, arguments);
                CallCapture.Add(new AcceptedCall(null, new Dictionary<string, string>(), Metric: call));
                return $"accepted: metric {call.Metric} for {call.Period}{(call.By is null ? "" : $" by {call.By}")}{(call.Compare ? " compared with the period before" : "")}";
            },
            new KernelFunctionFromMethodOptions
            {
                FunctionName = "query_metric",
                Description = "One declared business metric — a total, a single day, a period compared with the one before, or cut by one dimension. "
                    + "Use it for questions like 'total revenue', '11月9日有多少笔支付成功', 'orders by region last month', 'conversion rate week over week'. Metrics: " + metricList,
                Parameters =
                [
                    new KernelParameterMetadata("metric") { Description = "Metric id, one of: " + string.Join(", ", metrics.Select(m => m.Id)), IsRequired = true, ParameterType = typeof(string) },
                    new KernelParameterMetadata("period") { Description = "all (default), a preset (" + string.Join(", ", DateRange.Presets) + "), YYYY-MM-DD for one day, or YYYY-MM-DD..YYYY-MM-DD", ParameterType = typeof(string) },
                    new KernelParameterMetadata("by") { Description = "Dimension to cut by, one of: " + string.Join(", ", dimensions.Keys.Order(StringComparer.Ordinal)), ParameterType = typeof(string) },
                    new KernelParameterMetadata("filters") { Description = "Comma-separated dimension=value pairs, e.g. channel=小程序,region=华东", ParameterType = typeof(string) },
                    new KernelParameterMetadata("compare") { Description = "true to compare the period with the one just before it", ParameterType = typeof(bool) },
                    new KernelParameterMetadata("order") { Description = "desc (highest first, default) or asc (lowest first)", ParameterType = typeof(string) },
                    new KernelParameterMetadata("limit") { Description = "Most rows of a cut, 1–100", ParameterType = typeof(int) },
                ],
            });
    }

    internal static MetricCall Validate(IMetricCatalog catalog, IJourneyDictionary dictionary, KernelArguments arguments)
    {
        string? Text(string name) => arguments.TryGetValue(name, out var v) && v is not null && Convert.ToString(v, CultureInfo.InvariantCulture) is { Length: > 0 } s ? s.Trim() : null;
        var id = Text("metric") ?? throw new ArgumentException("metric is required; one of: " + string.Join(", ", catalog.Metrics.Select(m => m.Id)));
        var metric = catalog.Find(id) ?? throw new ArgumentException($"there is no metric '{id}'; known: {string.Join(", ", catalog.Metrics.Select(m => m.Id))}");
        var period = Text("period") ?? "all";
        if (DateRange.TryResolve(period, new DateOnly(2026, 1, 15)) is null)
        {
            throw new ArgumentException($"period '{period}' must be all, one of {string.Join(", ", DateRange.Presets)}, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD");
        }

        var by = Text("by");
        if (by is not null && !metric.Dimensions.Contains(by))
        {
            throw new ArgumentException($"{metric.Id} is not available by '{by}' — available: {string.Join(", ", metric.Dimensions)}");
        }

        var filters = new List<MetricFilter>();
        foreach (var pair in (Text("filters") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !metric.Dimensions.Contains(parts[0]) || catalog.Dimensions[parts[0]].IsTime)
            {
                throw new ArgumentException($"filter '{pair}' must be dimension=value with a dimension of {metric.Id}: {string.Join(", ", metric.Dimensions.Where(d => !catalog.Dimensions[d].IsTime))}");
            }

            var dimension = catalog.Dimensions[parts[0]];
            var value = parts[1];
            if (dimension.Dictionary is { } kind)
            {
                // Our names and the store's own custom names both resolve; anything else is refused with the known ones.
                value = dictionary.Resolve(kind, value)?.Id
                    ?? throw new ArgumentException($"no such {dimension.Name.En} '{parts[1]}' — known: {string.Join(", ", dictionary.Entries(kind).Take(30).Select(e => e.Label.Zh))}");
            }

            filters.Add(new MetricFilter(dimension.Id, value));
        }

        var compare = Text("compare") is { } c && bool.TryParse(c, out var flag) && flag;
        var ascending = string.Equals(Text("order"), "asc", StringComparison.OrdinalIgnoreCase);
        var limit = int.TryParse(Text("limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 100) : 20;
        return new MetricCall(metric.Id, period, by, filters, compare, ascending, limit);
    }
}
