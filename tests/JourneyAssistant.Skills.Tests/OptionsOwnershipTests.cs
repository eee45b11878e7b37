using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Skills.Tests;

/// <summary>Each configuration section is bound once, by the project that owns it (issue 19): the skills module reads the store's settings, it does not bind them again.</summary>
public sealed class OptionsOwnershipTests
{
    [Fact]
    public void The_skills_module_binds_no_store_section()
    {
        var services = new ServiceCollection().AddJourneySkills(new ConfigurationBuilder().Build(), RepoPaths.Root);

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IConfigureOptions<StoreOptions>));
    }

    [Fact]
    public void With_the_store_module_the_executor_reads_the_store_file_the_store_section_names()
    {
        var folder = RepoPaths.NewScratchFolder("options-ownership");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(folder, "own.duckdb"),
            ["Store:ReportingTimeZone"] = "Europe/Berlin",
            ["Skills:AuditPath"] = Path.Combine(folder, "audit.duckdb"),
        }).Build();
        using var provider = new ServiceCollection().AddLogging()
            .AddJourneyStore(configuration, RepoPaths.Root).AddJourneySkills(configuration, RepoPaths.Root).BuildServiceProvider();

        Assert.Single(new ServiceCollection().AddJourneyStore(configuration, RepoPaths.Root).AddJourneySkills(configuration, RepoPaths.Root),
            d => d.ServiceType == typeof(IConfigureOptions<StoreOptions>));
        var executor = provider.GetRequiredService<Execution.SkillExecutor>();
        Assert.Equal(Path.Combine(folder, "own.duckdb"), provider.GetRequiredService<JourneyStore>().DatabasePath);
        Assert.Equal(provider.GetRequiredService<JourneyAssistant.Store.Time.ReportingClock>().Today, executor.Today);
    }
}
