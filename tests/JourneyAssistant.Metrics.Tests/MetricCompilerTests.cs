using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Compilation;
using JourneyAssistant.Metrics.Planning;
using JourneyAssistant.Metrics.Validation;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Testing;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>The compiler: every shipped metric in every shape it allows compiles to SQL the guard accepts, with values as bound parameters.</summary>
public sealed class MetricCompilerTests
{
    private static readonly FileMetricCatalog Catalog = new(Path.Combine(RepoPaths.Root, "metrics"));

    [Fact]
    public async Task Every_metric_in_every_shape_passes_the_guard_and_declares_exactly_the_parameters_it_uses()
    {
        using var guard = new SqlGuard();
        // Metric checks never read a skill file, so they need no chart kind.
        var validator = new MetricValidator(new SkillValidator(guard, new ChartKindRegistry([]), []), new RefusingExecutor());
        var checks = await validator.CheckAsync(Catalog, live: false, CancellationToken.None);
        Assert.True(checks.Count > Catalog.Metrics.Count * 3);
        Assert.All(checks, c => Assert.True(c.Passed, $"{c.MetricId} {c.Name}: {c.Problem}"));
    }

    [Fact]
    public void Filter_values_and_periods_are_parameters_never_text_in_the_sql()
    {
        var compiler = new MetricCompiler(Catalog.Dimensions);
        var plan = new MetricPlan(Catalog.Find("revenue")!, MetricShape.Total, new DateRange(new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 9), "t"),
            Filters: [new MetricFilter("region", "华南'; DROP TABLE x; --"), new MetricFilter("channel", "mini_program")]);
        var compiled = compiler.Compile(plan);
        Assert.DoesNotContain("华南", compiled.Query.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-09", compiled.Query.Sql, StringComparison.Ordinal);
        Assert.Contains("$f_region_1", compiled.Query.Sql, StringComparison.Ordinal);
        Assert.Equal("华南'; DROP TABLE x; --", compiled.Arguments["f_region_1"]);
        Assert.Equal("2026-11-09..2026-11-09", compiled.Arguments["period"]);
        Assert.Equal("metric:revenue", compiled.Query.Id);
    }

    [Fact]
    public void A_comparison_splits_additive_metrics_by_driver_and_shares_by_nothing()
    {
        var compiler = new MetricCompiler(Catalog.Dimensions);
        var week = new DateRange(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), "t");
        var previous = new DateRange(new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 15), "t");
        var orders = compiler.Compile(new MetricPlan(Catalog.Find("orders")!, MetricShape.Compare, week, previous));
        Assert.Contains("moves AS", orders.Query.Sql, StringComparison.Ordinal);
        var rate = compiler.Compile(new MetricPlan(Catalog.Find("conversion_rate")!, MetricShape.Compare, week, previous));
        Assert.DoesNotContain("moves AS", rate.Query.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dimension_the_view_lacks_is_a_plan_error_not_a_wrong_join()
    {
        var compiler = new MetricCompiler(Catalog.Dimensions);
        var plan = new MetricPlan(Catalog.Find("tickets")!, MetricShape.Breakdown, DateRange.TryResolve("all", new DateOnly(2026, 11, 23))!, By: Catalog.Dimensions["campaign"]);
        var error = Assert.Throws<MetricPlanException>(() => compiler.Compile(plan));
        Assert.Contains("campaign", error.Text.En, StringComparison.Ordinal);
    }

    /// <summary>Offline checks never execute; a call means the validator ran SQL when told not to.</summary>
    private sealed class RefusingExecutor : ISkillExecutor
    {
        public Task<Skills.Results.SkillResult> RunAsync(SkillDefinition skill, IReadOnlyDictionary<string, object?>? arguments, ExecutionContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("offline validation must not run SQL");

        public Task<Skills.Results.SkillResult> RunAdhocAsync(string sql, ExecutionContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("offline validation must not run SQL");
    }
}
