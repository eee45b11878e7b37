using Microsoft.Extensions.Configuration;

namespace JourneyAssistant.Testing;

/// <summary>Configuration for services over a store a test built: the repository's appsettings.json with that store's paths.</summary>
public static class StoreConfiguration
{
    /// <summary>The repository's settings over a built store, with the audit log and charts beside it in <paramref name="folder"/>.</summary>
    public static IConfiguration For(string store, string folder) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"), optional: true)
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = store,
            ["Skills:AuditPath"] = Path.Combine(folder, "audit.duckdb"),
            ["Analyst:ChartDirectory"] = Path.Combine(folder, "charts"),
        })
        .Build();
}
