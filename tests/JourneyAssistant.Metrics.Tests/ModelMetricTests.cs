using System.Globalization;
using JourneyAssistant.Analyst;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Metrics.Tests;

/// <summary>
/// The LLM path uses the metric layer too: the catalog is offered as a generated query_metric function, and a model's
/// call is validated against the catalog like the offline plan. The model is scripted (no endpoint is reachable here);
/// its messages are the real Microsoft.Extensions.AI function-call protocol.
/// </summary>
[Collection(TwoStoresCollection.Name)]
public sealed class ModelMetricTests(TwoStores stores)
{
    [Fact]
    public async Task A_models_metric_call_runs_the_compiled_metric()
    {
        var chat = new ScriptedChat(Call("metrics-query_metric", new() { ["metric"] = "orders", ["period"] = "2026-11-09", ["filters"] = "channel=小程序" }));
        var answer = await AskAsync("帮我查一下那天小程序的单量", chat);

        Assert.Equal(("metric:orders", "llm"), (answer.Skill, answer.RoutedBy));
        Assert.Equal("mini_program", answer.Parameters["channel"]);
        var truth = await stores.ScalarAsync("sample", "SELECT count(*) FROM orders WHERE local_date = DATE '2026-11-09' AND channel = 'mini_program'");
        Assert.Contains(truth.ToString("#,##0", CultureInfo.InvariantCulture), answer.Text, StringComparison.Ordinal);
        var tools = chat.Options[0]!.Tools!.Select(t => t.Name).ToList();
        Assert.Contains(tools, t => t.EndsWith("query_metric", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_the_metric_does_not_declare_goes_back_to_the_model_and_nothing_runs_it()
    {
        var chat = new ScriptedChat(
            Call("metrics-query_metric", new() { ["metric"] = "tickets", ["by"] = "campaign" }),
            (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "I can't split tickets by campaign."))));
        var answer = await AskAsync("tickets by campaign", chat);

        Assert.False(answer.Skill == "metric:tickets" && answer.RoutedBy == "llm", "a refused model call must not run");
        var toolResult = chat.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("not available by 'campaign'", toolResult.Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("channel", toolResult.Result?.ToString(), StringComparison.Ordinal);
    }

    private async Task<Answer> AskAsync(string question, ScriptedChat chat)
    {
        var scratch = RepoPaths.NewScratchFolder("model-metric");
        var configuration = new ConfigurationBuilder().SetBasePath(RepoPaths.Root).AddJsonFile("appsettings.json", optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Skills:AuditPath"] = Path.Combine(scratch, "audit.duckdb"),
                ["Analyst:ChartDirectory"] = Path.Combine(scratch, "charts"),
                ["Analyst:RenderCharts"] = "false",
            }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IChatClient>(chat).AddJourneyAnalyst(configuration, RepoPaths.Root).BuildServiceProvider();
        await services.GetRequiredService<StoreBootstrapper>().EnsureBuiltAsync();
        return await services.GetRequiredService<IAnalyst>().AskAsync(new Question(question, "tester", "test", null, TwoStores.AsOf));
    }

    private static Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> Call(string function, Dictionary<string, object?> arguments) =>
        (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(Guid.NewGuid().ToString("N"), function, arguments)])));

    /// <summary>Plays back scripted turns and records what it was sent.</summary>
    private sealed class ScriptedChat(params Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>[] turns) : IChatClient
    {
        private int _turn;

        public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

        public List<ChatOptions?> Options { get; } = [];

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            Requests.Add(list);
            Options.Add(options);
            return await turns[Math.Min(_turn++, turns.Length - 1)](list, cancellationToken);
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The analyst does not stream.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
