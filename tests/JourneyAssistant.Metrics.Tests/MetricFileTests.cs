using JourneyAssistant.Metrics.Catalog;
using JourneyAssistant.Metrics.Definitions;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>The metric and dimension files: what ships loads cleanly; a broken file is refused with file:line and the last good version stays.</summary>
public sealed class MetricFileTests
{
    private static readonly string Shipped = Path.Combine(RepoPaths.Root, "metrics");

    [Fact]
    public void Shipped_metrics_load_without_issues_and_cover_the_seed_kpis()
    {
        var catalog = new FileMetricCatalog(Shipped);
        Assert.Empty(catalog.Errors);
        Assert.True(catalog.Metrics.Count >= 20, $"only {catalog.Metrics.Count} metrics");
        foreach (var id in new[] { "reach", "click_through_rate", "inquiries", "add_to_cart_rate", "conversion_rate", "payment_success_rate", "orders", "revenue", "aov",
                     "repurchase_rate", "csat", "nps", "tickets", "resolution_hours", "referrals" })
        {
            Assert.NotNull(catalog.Find(id));
        }

        foreach (var metric in catalog.Metrics)
        {
            Assert.NotEmpty(metric.Aliases.Zh);
            Assert.NotEmpty(metric.Aliases.En);
            Assert.Contains("day", metric.Dimensions);
        }
    }

    [Fact]
    public void Conversion_and_revenue_come_from_the_dictionary_flag_not_literal_event_ids()
    {
        var catalog = new FileMetricCatalog(Shipped);
        Assert.Equal("orders", catalog.Find("revenue")!.View);
        Assert.True(catalog.Find("conversion_rate")!.Measure.Numerator!.Where.Conversion);
        Assert.Empty(catalog.Find("conversion_rate")!.Measure.Numerator!.Where.Events);
    }

    [Fact]
    public void An_unknown_column_view_dimension_or_aggregate_is_refused_with_its_line()
    {
        var reader = new MetricFileReader();
        var dimensions = reader.ParseDimensions(File.ReadAllText(Path.Combine(Shipped, "dimensions.yaml")), "dimensions.yaml");
        var yaml = """
            id: broken
            name: { zh: 坏, en: broken }
            definition: { zh: 坏, en: broken }
            view: orders
            measure: { aggregate: sum, column: price }
            unit: currency
            dimensions: [channel, stage, weather]
            """;
        var error = Assert.Throws<MetricFileException>(() => reader.ParseMetric(yaml, "metrics/broken.yaml", dimensions));
        Assert.Contains(error.Issues, i => i.Line == 5 && i.Message.Contains("unknown column 'price'", StringComparison.Ordinal));
        Assert.Contains(error.Issues, i => i.Line == 7 && i.Message.Contains("dimension 'stage' has no column in view 'orders'", StringComparison.Ordinal));
        Assert.Contains(error.Issues, i => i.Line == 7 && i.Message.Contains("unknown dimension 'weather'", StringComparison.Ordinal));
        Assert.StartsWith("metrics/broken.yaml:5:", error.Issues.First(i => i.Line == 5).ToString(), StringComparison.Ordinal);

        var sql = yaml.Replace("{ aggregate: sum, column: price }", "{ aggregate: \"sum(amount); DROP TABLE x\" }", StringComparison.Ordinal);
        var injected = Assert.Throws<MetricFileException>(() => reader.ParseMetric(sql, "metrics/broken.yaml", dimensions));
        Assert.Contains(injected.Issues, i => i.Message.Contains("aggregate", StringComparison.Ordinal) && i.Line == 5);
    }

    [Fact]
    public void A_condition_value_is_a_dictionary_id_never_sql()
    {
        var reader = new MetricFileReader();
        var dimensions = reader.ParseDimensions(File.ReadAllText(Path.Combine(Shipped, "dimensions.yaml")), "dimensions.yaml");
        var yaml = """
            id: sneaky
            name: { zh: 坏, en: sneaky }
            definition: { zh: 坏, en: sneaky }
            view: journey_events
            measure: { aggregate: count, where: { events: ["x') OR true --"] } }
            unit: count
            dimensions: [day]
            """;
        var error = Assert.Throws<MetricFileException>(() => reader.ParseMetric(yaml, "metrics/sneaky.yaml", dimensions));
        Assert.Contains(error.Issues, i => i.Message.Contains("is not a dictionary id", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_edit_is_rejected_and_the_previous_version_keeps_answering()
    {
        var folder = RepoPaths.NewScratchFolder("metrics-reload");
        File.Copy(Path.Combine(Shipped, "dimensions.yaml"), Path.Combine(folder, "dimensions.yaml"));
        File.Copy(Path.Combine(Shipped, "orders.yaml"), Path.Combine(folder, "orders.yaml"));
        var catalog = new FileMetricCatalog(folder);
        Assert.Empty(catalog.Errors);
        var before = catalog.Find("orders");
        Assert.NotNull(before);

        File.WriteAllText(Path.Combine(folder, "orders.yaml"), File.ReadAllText(Path.Combine(Shipped, "orders.yaml")).Replace("view: orders", "view: payments", StringComparison.Ordinal));
        catalog.Reload();
        Assert.Contains(catalog.Errors, e => e.Message.Contains("unknown view 'payments'", StringComparison.Ordinal));
        Assert.Same(before, catalog.Find("orders"));

        File.Copy(Path.Combine(Shipped, "revenue.yaml"), Path.Combine(folder, "revenue.yaml"));
        catalog.Reload();
        Assert.NotNull(catalog.Find("revenue"));
    }
}
