using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.Configuration;

namespace JourneyAssistant.Cli.Commands;

/// <summary>Configuration shared by every command: the content root and appsettings.json (+ environment overrides, JOURNEY__Section__Key).</summary>
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
}
