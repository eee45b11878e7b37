using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Kernel;
using JourneyAssistant.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>A chat model that plays back scripted turns (real FunctionCallContent messages) and records what it was sent.</summary>
public sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>[] turns) : IChatClient
{
    private int _turn;

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public static Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> Call(string function, Dictionary<string, object?> arguments) =>
        (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(Guid.NewGuid().ToString("N"), function, arguments)])));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add(list);
        Options.Add(options);
        var turn = _turns(Math.Min(_turn++, turns.Length - 1));
        return await turn(list, cancellationToken);
    }

    private Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> _turns(int i) => turns[i];

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The analyst does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

public sealed class ModelRoutingTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    private static async Task<(Answer Answer, ScriptedChatClient Chat)> AskAsync(string question, ScriptedChatClient chat, double timeoutSeconds = 5, bool allowSql = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Analyst:Model:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Analyst:RenderCharts"] = "false",
        };
        if (allowSql)
        {
            // A configured model (never contacted: the scripted client registered first wins) plus the opt-in.
            settings["Analyst:Model:Provider"] = "openai";
            settings["Analyst:Model:Endpoint"] = "http://127.0.0.1:9/v1";
            settings["Analyst:Model:Name"] = "scripted";
            settings["Analyst:AllowGeneratedSql"] = "true";
        }

        await using var services = await AnalystFixture.BuildAsync(RepoPaths.NewScratchFolder("model"), chat, settings);
        var answer = await services.GetRequiredService<IAnalyst>().AskAsync(new Question(question, "tester", "test", null, AsOf));
        return (answer, chat);
    }

    [Fact]
    public async Task Model_function_call_runs_that_skill_with_its_arguments()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Call("repurchase_rate", new() { ["period"] = "last_month", ["channel"] = "小程序" }));

        var (answer, _) = await AskAsync("老客户会不会再来买？", chat);

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Equal(("repurchase_rate", "llm"), (answer.Skill, answer.RoutedBy));
        Assert.Equal("mini_program", answer.Parameters["channel"]);
        Assert.Equal("2026-10-01..2026-10-31", answer.Parameters["period"]);
        Assert.NotEmpty(chat.Options[0]!.Tools!);
    }

    [Fact]
    public async Task Every_skill_is_offered_to_the_model_as_a_generated_function_with_enum_values()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Call("funnel_by_touchpoint", new()));

        await AskAsync("漏斗", chat);

        var tools = chat.Options[0]!.Tools!.OfType<AIFunctionDeclaration>().ToList();
        foreach (var skill in SkillFixture.Skills)
        {
            Assert.Contains(tools, t => t.Name.EndsWith(skill.Id, StringComparison.Ordinal));
        }

        Assert.Contains(tools, t => t.Name.EndsWith("list_channels", StringComparison.Ordinal));
        var funnel = tools.Single(t => t.Name.EndsWith("funnel_by_touchpoint", StringComparison.Ordinal));
        Assert.Contains("mini_program", funnel.JsonSchema.ToString());
    }

    [Fact]
    public async Task Model_timeout_falls_back_to_the_offline_router()
    {
        var chat = new ScriptedChatClient(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "too late"));
        });

        var (answer, _) = await AskAsync("哪个触点流失的用户最多？", chat, timeoutSeconds: 0.2);

        Assert.Equal(("funnel_by_touchpoint", "offline"), (answer.Skill, answer.RoutedBy));
    }

    [Fact]
    public async Task Model_error_falls_back_to_the_offline_router()
    {
        var chat = new ScriptedChatClient((_, _) => throw new HttpRequestException("503 from the model server"));

        var (answer, _) = await AskAsync("which channel converts best?", chat);

        Assert.Equal(("conversion_by_channel", "offline"), (answer.Skill, answer.RoutedBy));
    }

    [Fact]
    public async Task Unknown_function_gets_a_clear_error_and_the_model_can_correct_itself()
    {
        var chat = new ScriptedChatClient(
            ScriptedChatClient.Call("delete_all_tables", new()),
            ScriptedChatClient.Call("nps_by_touchpoint", new() { ["period"] = "last_90_days" }));

        var (answer, _) = await AskAsync("客户在哪儿最不满意", chat);

        var error = chat.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("there is no function 'delete_all_tables'", error.Result?.ToString());
        Assert.Equal(("nps_by_touchpoint", "llm"), (answer.Skill, answer.RoutedBy));
    }

    [Fact]
    public async Task Bad_argument_gets_the_allowed_values_back_and_falls_back_when_the_model_insists()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Call("funnel_by_touchpoint", new() { ["channel"] = "myspace" }));

        var (answer, _) = await AskAsync("哪个触点流失的用户最多？", chat);

        var error = chat.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().First();
        Assert.Contains("'myspace' is not a valid channel", error.Result?.ToString());
        Assert.Contains("mini_program", error.Result?.ToString());
        Assert.Equal(("funnel_by_touchpoint", "offline"), (answer.Skill, answer.RoutedBy));
    }

    [Fact]
    public async Task Generated_sql_runs_through_the_guard_and_is_marked_for_review()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Call("run_select", new() { ["sql"] = "SELECT region, count(*) AS events FROM journey_events GROUP BY region ORDER BY events DESC" }));

        var (answer, _) = await AskAsync("每个大区各有多少事件", chat, allowSql: true);

        Assert.True(answer.GeneratedSql);
        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Contains("请复核", answer.Text);
        Assert.NotEmpty(answer.Rows);
    }

    [Fact]
    public async Task Generated_sql_that_the_guard_rejects_runs_nothing()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Call("run_select", new() { ["sql"] = "SELECT * FROM identities" }));

        var (answer, _) = await AskAsync("每个大区各有多少事件", chat, allowSql: true);

        Assert.True(answer.GeneratedSql);
        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Empty(answer.Rows);
    }

    [Fact]
    public async Task Without_the_opt_in_the_model_gets_no_sql_function()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Call("run_select", new() { ["sql"] = "SELECT 1" }));

        var (answer, _) = await AskAsync("哪个触点流失的用户最多？", chat);

        Assert.DoesNotContain(chat.Options[0]!.Tools!, t => t.Name.EndsWith("run_select", StringComparison.Ordinal));
        Assert.False(answer.GeneratedSql);
        Assert.Equal(("funnel_by_touchpoint", "offline"), (answer.Skill, answer.RoutedBy));
    }

    [Fact]
    public void Generated_functions_validate_arguments_against_the_skill_file()
    {
        var skill = SkillFixture.Skill("attribution_by_channel");
        var values = SkillFunctions.Validate(skill, new Microsoft.SemanticKernel.KernelArguments { ["model"] = "first_touch", ["period"] = "2026-10-01..2026-10-31" }, SkillFixture.Dictionary);

        Assert.Equal("first_touch", values["model"]);
        var bad = Assert.Throws<ArgumentException>(() => SkillFunctions.Validate(skill, new Microsoft.SemanticKernel.KernelArguments { ["model"] = "gut_feeling" }, SkillFixture.Dictionary));
        Assert.Contains("Allowed: first_touch", bad.Message);
        Assert.Throws<ArgumentException>(() => SkillFunctions.Validate(skill, new Microsoft.SemanticKernel.KernelArguments { ["period"] = "sometime" }, SkillFixture.Dictionary));
    }
}
