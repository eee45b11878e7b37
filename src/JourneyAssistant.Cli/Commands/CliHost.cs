using JourneyAssistant.Analyst;
using JourneyAssistant.Charts;
using JourneyAssistant.Reports;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Cli.Commands;

/// <summary>
/// What every command starts from: the content root, appsettings.json (+ environment overrides, JOURNEY__Section__Key),
/// and the service compositions the commands run on, so each command asks for the modules it needs instead of composing them itself.
/// </summary>
public sealed class CliHost
{
    public CliHost()
    {
        ContentRoot = Store.Hosting.ContentRoot.Resolve();
        Configuration = new ConfigurationBuilder()
            .SetBasePath(ContentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("JOURNEY__")
            .Build();
    }

    /// <summary>Folder holding appsettings.json, skills/ and sample-data/.</summary>
    public string ContentRoot { get; }

    /// <summary>Merged configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>This host's configuration with some keys set for one command: a --db store, a benchmark's scratch files.</summary>
    public IConfiguration With(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ConfigurationBuilder().AddConfiguration(Configuration).AddInMemoryCollection(settings).Build();

    /// <summary>The store alone (ingest, db, dictionary, a benchmark's scratch store), checked on build.</summary>
    public ServiceProvider StoreServices(IConfiguration? configuration = null) =>
        Compose(configuration, (services, c) => services.AddJourneyStore(c, ContentRoot), validate: true);

    /// <summary>The store alone, over the configured store or the --db file <paramref name="dbPath"/> (relative to the working folder).</summary>
    public ServiceProvider StoreServicesAt(string? dbPath) => StoreServices(dbPath is null
        ? null
        : With(new Dictionary<string, string?> { ["Store:Path"] = Store.Hosting.ContentRoot.Combine(Directory.GetCurrentDirectory(), dbPath) }));

    /// <summary>Store, skills and the chart kinds skill files may name: `skills`, `sql`, `audit`, `bench skills`.</summary>
    public ServiceProvider SkillServices(IConfiguration? configuration = null) =>
        Compose(configuration, (services, c) => services.AddJourneyStore(c, ContentRoot).AddJourneySkills(c, ContentRoot).AddJourneyCharts());

    /// <summary>Store and skills without the chart kinds, as `metrics validate` checks metric files.</summary>
    public ServiceProvider MetricServices() =>
        Compose(null, (services, c) => services.AddJourneyStore(c, ContentRoot).AddJourneySkills(c, ContentRoot));

    /// <summary>The whole analyst (store, skills, charts, reports, metrics).</summary>
    public ServiceProvider AnalystServices(IConfiguration configuration) =>
        Compose(configuration, (services, c) => services.AddJourneyAnalyst(c, ContentRoot));

    /// <summary>
    /// The analyst over the configured (or <paramref name="db"/>) store, built from sample-data on first use; building
    /// progress goes to stderr unless <paramref name="quiet"/>.
    /// </summary>
    public async Task<ServiceProvider> AnalystAsync(string? db, string? chartDir, bool quiet, CancellationToken ct, bool? charts = null)
    {
        var overrides = new Dictionary<string, string?>();
        if (charts is { } render)
        {
            overrides["Analyst:RenderCharts"] = render ? "true" : "false";
        }

        if (!string.IsNullOrWhiteSpace(db))
        {
            overrides["Store:Path"] = Path.GetFullPath(db);
        }

        if (!string.IsNullOrWhiteSpace(chartDir))
        {
            overrides["Analyst:ChartDirectory"] = Path.GetFullPath(chartDir);
        }

        var services = AnalystServices(With(overrides));
        IProgress<IngestProgress>? progress = quiet ? null : new Progress<IngestProgress>(p => Console.Error.WriteLine($"building store / 正在构建数据库: {p.File} {p.Step}"));
        await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(progress, ct);
        return services;
    }

    /// <summary>Store + skills + reports over the configured (or <paramref name="db"/>) store, built from the sample data on first use.</summary>
    public async Task<ServiceProvider> ReportsAsync(string? db, CancellationToken ct)
    {
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(db))
        {
            // Another store keeps its own audit trail beside it (and stays clear of the default store's file lock).
            var full = Path.GetFullPath(db);
            overrides["Store:Path"] = full;
            overrides["Skills:AuditPath"] = Path.Combine(Path.GetDirectoryName(full)!, "audit.duckdb");
        }

        var services = Compose(With(overrides), (s, c) => s.AddJourneyStore(c, ContentRoot).AddJourneySkills(c, ContentRoot).AddJourneyReports(c, ContentRoot));
        await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync(ct: ct);
        return services;
    }

    /// <summary>Logging and the configuration itself first, so modules that read settings from DI (e.g. Charts:CacheEntries) see what the web host gives them.</summary>
    private ServiceProvider Compose(IConfiguration? configuration, Func<IServiceCollection, IConfiguration, IServiceCollection> modules, bool validate = false)
    {
        configuration ??= Configuration;
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration);
        return modules(services, configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = validate });
    }
}
