using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>The whole analyst over the real sample store (built on first use), with scratch folders for audit and charts.</summary>
public sealed class AnalystFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    private ServiceProvider? _services;

    public string Scratch { get; } = RepoPaths.NewScratchFolder("analyst");

    public IAnalyst Analyst => _services!.GetRequiredService<IAnalyst>();

    public async Task InitializeAsync() => _services = await BuildAsync(Scratch);

    /// <summary>A separately composed analyst (e.g. with a scripted chat model and its own settings).</summary>
    public static async Task<ServiceProvider> BuildAsync(string scratch, IChatClient? chat = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Skills:AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
            ["Analyst:ChartDirectory"] = Path.Combine(scratch, "charts"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(RepoPaths.Root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddInMemoryCollection(values)
            .Build();
        var services = new ServiceCollection().AddLogging();
        if (chat is not null)
        {
            services.AddSingleton(chat);
        }

        if (time is not null)
        {
            // A fake clock ("today" far past the sample data's end) for the stale-data tests.
            services.AddSingleton(time);
        }

        var provider = services.AddJourneyAnalyst(configuration, RepoPaths.Root).BuildServiceProvider();
        await provider.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync();
        return provider;
    }

    public Task<Answer> AskAsync(string text, string? conversation = null) =>
        Analyst.AskAsync(new Question(text, "tester", "test", conversation, AsOf));

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AnalystCollection : ICollectionFixture<AnalystFixture>
{
    public const string Name = "analyst";
}
