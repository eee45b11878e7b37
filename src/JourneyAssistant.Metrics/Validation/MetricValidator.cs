using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Compilation;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Metrics.Validation;

/// <summary>One check of one metric: a shape compiled, guarded and (live) run on the store.</summary>
public sealed record MetricCheck(string MetricId, string Name, bool Passed, string? Problem, string File);

/// <summary>
/// What `journey metrics validate` runs: every metric compiled in every shape it allows (a total, a comparison, and a
/// breakdown or trend by each of its dimensions), each SQL through the guard and the skill checks, then each run once
/// against the store so a column the store lacks is found before a user asks.
/// </summary>
public sealed class MetricValidator(SkillValidator skills, ISkillExecutor executor, IJourneyDictionary? dictionary = null)
{
    public async Task<IReadOnlyList<MetricCheck>> CheckAsync(IMetricCatalog catalog, bool live, CancellationToken ct)
    {
        var checks = new List<MetricCheck>();
        var compiler = new MetricCompiler(catalog.Dimensions, dictionary);
        var week = new DateRange(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), "check");
        var all = DateRange.TryResolve("all", week.End)!;
        foreach (var metric in catalog.Metrics)
        {
            var plans = new List<(string Name, MetricPlan Plan)>
            {
                ("total", new MetricPlan(metric, MetricShape.Total, all)),
                ("compare", new MetricPlan(metric, MetricShape.Compare, week, new DateRange(week.Start.AddDays(-7), week.Start.AddDays(-1), "check"))),
            };
            foreach (var id in metric.Dimensions)
            {
                var dimension = catalog.Dimensions[id];
                plans.Add(($"by {id}", new MetricPlan(metric, dimension.IsTime ? MetricShape.Trend : MetricShape.Breakdown, all, By: dimension, Ranking: true)));
            }

            foreach (var (name, plan) in plans)
            {
                CompiledMetric compiled;
                try
                {
                    compiled = compiler.Compile(plan);
                }
                catch (Exception e) when (e is MetricPlanException or InvalidOperationException or ArgumentException)
                {
                    checks.Add(new MetricCheck(metric.Id, name, false, e.Message, metric.SourcePath));
                    continue;
                }

                var issues = skills.Check(compiled.Query);
                if (issues.Count > 0)
                {
                    checks.Add(new MetricCheck(metric.Id, name, false, string.Join("; ", issues.Select(i => i.Message)), metric.SourcePath));
                    continue;
                }

                if (live && name is "total" or "compare")
                {
                    try
                    {
                        await executor.RunAsync(compiled.Query, compiled.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value), ExecutionContext.Local("metrics validate", week.End.AddDays(1)), ct);
                    }
                    catch (SkillExecutionException e)
                    {
                        checks.Add(new MetricCheck(metric.Id, name, false, e.Text.En, metric.SourcePath));
                        continue;
                    }
                }

                checks.Add(new MetricCheck(metric.Id, name, true, null, metric.SourcePath));
            }
        }

        return checks;
    }
}
