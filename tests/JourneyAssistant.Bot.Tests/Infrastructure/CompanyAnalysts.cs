using System.Collections.Concurrent;
using JourneyAssistant.Analyst;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>
/// The real analyst over each sample company's real store (<see cref="SampleCompanies"/>), built once per test class;
/// each golden question is asked once and its answer shared by the card and the WeCom tests.
/// </summary>
public sealed class CompanyAnalysts : IAsyncLifetime
{
    private readonly Dictionary<string, ServiceProvider> _services = [];
    private readonly ConcurrentDictionary<(string, string), Task<Answer>> _answers = new();

    public string Scratch { get; } = RepoPaths.NewScratchFolder("bot-golden");

    public async Task InitializeAsync()
    {
        foreach (var company in SampleCompanies.All)
        {
            var folder = Path.Combine(Scratch, company);
            var store = await SampleCompanies.BuildAsync(company, folder);
            var configuration = StoreConfiguration.For(store, folder);
            _services[company] = new ServiceCollection().AddLogging().AddJourneyAnalyst(configuration, RepoPaths.Root).BuildServiceProvider();
        }
    }

    /// <summary>The answer to <paramref name="company"/>'s golden question in <paramref name="language"/>, as of <see cref="SampleCompanies.AsOf"/>.</summary>
    public Task<Answer> AskAsync(string company, string language) =>
        _answers.GetOrAdd((company, language), key => _services[key.Item1].GetRequiredService<IAnalyst>()
            .AskAsync(new Question(SampleCompanies.Question(key.Item1, key.Item2), "tester", "test", null, SampleCompanies.AsOf)));

    public async Task DisposeAsync()
    {
        foreach (var services in _services.Values)
        {
            await services.DisposeAsync();
        }
    }
}
