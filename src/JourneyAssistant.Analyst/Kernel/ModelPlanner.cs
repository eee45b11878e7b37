using System.ClientModel;
using System.Text.Json;
using Azure.AI.OpenAI;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using OpenAI;
using Polly;
using YamlDotNet.Serialization;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace JourneyAssistant.Analyst.Kernel;

/// <summary>Builds the kernel: one generated function per skill in the catalog plus the dictionary functions; rebuilt when skills change.</summary>
public sealed class JourneyKernel
{
    private readonly ISkillCatalog _catalog;
    private readonly IJourneyDictionary _dictionary;
    private readonly bool _allowGeneratedSql;
    private volatile SkKernel? _kernel;

    private readonly JourneyAssistant.Metrics.Catalog.IMetricCatalog? _metrics;
    private IReadOnlyList<JourneyAssistant.Metrics.Definitions.MetricDefinition>? _builtWith;

    public JourneyKernel(ISkillCatalog catalog, IJourneyDictionary dictionary, IOptions<AnalystOptions> options, JourneyAssistant.Metrics.Catalog.IMetricCatalog? metrics = null)
    {
        _metrics = metrics;
        _catalog = catalog;
        _dictionary = dictionary;
        _allowGeneratedSql = options.Value.AllowGeneratedSql && options.Value.Model.IsConfigured;
        _catalog.Changed += (_, _) => _kernel = null;
    }

    /// <summary>The kernel for the skills active now.</summary>
    public SkKernel Current
    {
        get
        {
            // The metric catalog reloads by stamp and raises no event: a new metric list means a new kernel.
            if (_metrics is not null && !ReferenceEquals(_metrics.Metrics, _builtWith))
            {
                _kernel = null;
            }

            return _kernel ??= Build();
        }
    }

    private SkKernel Build()
    {
        var kernel = new SkKernel();
        kernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(SkillFunctions.SkillsPlugin, _catalog.Skills.Select(s => SkillFunctions.Create(s, _dictionary))));
        var dictionary = SkillFunctions.Dictionary(_dictionary).ToList();
        if (_allowGeneratedSql)
        {
            dictionary.Add(GeneratedSqlFunction());
        }

        kernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(SkillFunctions.DictionaryPlugin, dictionary));
        if (_metrics is not null)
        {
            _builtWith = _metrics.Metrics;
            kernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(MetricFunctions.Plugin, [MetricFunctions.Create(_metrics, _dictionary)]));
        }

        return kernel;
    }

    // Only when a model is configured and AllowGeneratedSql is on: the SELECT still goes through the executor's guard.
    private static KernelFunction GeneratedSqlFunction() => KernelFunctionFactory.CreateFromMethod(
        (string sql) =>
        {
            var trimmed = sql.TrimStart();
            if (!trimmed.StartsWith("select", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("with", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("Only a single SELECT over the analysis views (journey_events, people, orders, tickets, survey_responses, dim_*) is allowed.");
            }

            CallCapture.Add(new AcceptedCall(null, new Dictionary<string, string>(), sql));
            return "accepted: the SELECT will run through the SQL guard and be marked for review";
        },
        new KernelFunctionFromMethodOptions
        {
            FunctionName = "run_select",
            Description = "Last resort when no skill fits: one SELECT over the analysis views journey_events, people, orders, tickets, survey_responses, dim_stages, dim_channels, dim_touchpoints. The answer is marked 'generated SQL — please review'.",
            Parameters = [new KernelParameterMetadata("sql") { Description = "One SELECT statement", IsRequired = true, ParameterType = typeof(string) }],
        });
}

/// <summary>
/// Routes with a chat model: the generated skill functions are offered as tools, the model's function calls are invoked
/// through the kernel (which validates the arguments), errors go back to the model once, and a time budget (Polly) bounds
/// each round trip. Returns null whenever the offline router should decide instead.
/// </summary>
public sealed class ModelPlanner : IModelPlanner
{
    private const int MaxRounds = 3;

    private readonly IChatClient _chat;
    private readonly JourneyKernel _kernel;
    private readonly ResiliencePipeline _budget;
    private readonly PromptTemplates _prompts;
    private readonly string _zone;
    private readonly ILogger _logger;

    public ModelPlanner(IChatClient chat, JourneyKernel kernel, IOptions<AnalystOptions> options, IOptions<StoreOptions> store, PromptTemplates prompts, ILogger<ModelPlanner>? logger = null)
    {
        _chat = chat;
        _kernel = kernel;
        _prompts = prompts;
        _zone = store.Value.ReportingTimeZone;
        _logger = logger ?? NullLogger<ModelPlanner>.Instance;
        _budget = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(options.Value.Model.TimeoutSeconds)).Build();
    }

    public async Task<ModelPlan?> PlanAsync(string question, DateOnly asOf, CancellationToken cancellationToken)
    {
        var kernel = _kernel.Current;
        var functions = kernel.Plugins.SelectMany(p => p.Select(f => (Plugin: p.Name, Function: f))).ToList();
        var tools = functions.Select(f => (AITool)f.Function).ToList();
        var byName = new Dictionary<string, KernelFunction>(StringComparer.OrdinalIgnoreCase);
        foreach (var (plugin, function) in functions)
        {
            byName[function.Name] = function;
            byName[$"{plugin}-{function.Name}"] = function;
            byName[$"{plugin}_{function.Name}"] = function;
            byName[$"{plugin}.{function.Name}"] = function;
        }

        var language = Store.Localization.Languages.Detect(question);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, await _prompts.SystemAsync(language, asOf, _zone, cancellationToken)),
            new(ChatRole.User, question),
        };
        var options = new ChatOptions { Tools = tools, ToolMode = ChatToolMode.Auto, Temperature = 0 };
        var captured = CallCapture.Begin();

        for (var round = 0; round < MaxRounds; round++)
        {
            var response = await _budget.ExecuteAsync(async token => await _chat.GetResponseAsync(messages, options, token), cancellationToken);
            messages.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                // The model answered in words (declined, or nothing fits): let the offline router decide.
                return null;
            }

            foreach (var call in calls)
            {
                string result;
                if (!byName.TryGetValue(call.Name, out var function))
                {
                    result = $"error: there is no function '{call.Name}'. Available: {string.Join(", ", functions.Select(f => f.Function.Name))}.";
                }
                else
                {
                    try
                    {
                        var arguments = new KernelArguments();
                        foreach (var (name, value) in call.Arguments ?? (IDictionary<string, object?>)new Dictionary<string, object?>())
                        {
                            arguments[name] = value is JsonElement json ? json.ToString() : value;
                        }

                        result = (await kernel.InvokeAsync(function, arguments, cancellationToken)).ToString();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        result = "error: " + (e.InnerException?.Message ?? e.Message);
                    }
                }

                _logger.LogInformation("Model called {Function}: {Result}", call.Name, result);
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result)]));
            }

            if (captured.FirstOrDefault() is { } accepted)
            {
                return new ModelPlan(accepted.Skill, accepted.Arguments, accepted.Sql, accepted.Metric);
            }
        }

        return null;
    }
}

/// <summary>The analyst's routing prompts (prompts/analyst-system.{zh,en}.yaml, Semantic Kernel YAML prompt format), rendered by Semantic Kernel's template engine.</summary>
public sealed class PromptTemplates
{
    private const string Fallback = "You route customer-journey questions to the skill functions provided. Today is {{$today}} ({{$zone}}).";

    private static readonly SkKernel Empty = new();

    private readonly Dictionary<Store.Localization.Language, IPromptTemplate> _system = [];

    public PromptTemplates(string contentRoot)
    {
        var folder = Path.Combine(contentRoot, "prompts");
        var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
        var factory = new KernelPromptTemplateFactory();
        foreach (var language in new[] { Store.Localization.Language.Zh, Store.Localization.Language.En })
        {
            var path = Path.Combine(folder, $"analyst-system.{(language == Store.Localization.Language.Zh ? "zh" : "en")}.yaml");
            var template = Fallback;
            if (File.Exists(path))
            {
                var prompt = deserializer.Deserialize<Dictionary<string, object>>(File.ReadAllText(path));
                template = prompt.TryGetValue("template", out var text) ? Convert.ToString(text) ?? "" : "";
            }

            _system[language] = factory.Create(new PromptTemplateConfig(template) { TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat });
        }
    }

    /// <summary>The routing system prompt with today and the zone filled in.</summary>
    public Task<string> SystemAsync(Store.Localization.Language language, DateOnly today, string zone, CancellationToken cancellationToken = default) =>
        _system[language].RenderAsync(Empty, new KernelArguments
        {
            ["today"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["zone"] = zone,
        }, cancellationToken);
}

/// <summary>Creates the configured chat client: Azure OpenAI, or any OpenAI-compatible endpoint (Qwen, DeepSeek, Ollama via base URL).</summary>
public static class ChatClients
{
    /// <summary>The chat client for <paramref name="options"/>, or null when no model is configured.</summary>
    public static IChatClient? Create(ModelOptions options)
    {
        if (!options.IsConfigured)
        {
            return null;
        }

        // Local servers (Ollama) accept any key; the cloud ones need the real one from configuration or the environment.
        var key = new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey);
        return options.Provider switch
        {
            "azure" => new AzureOpenAIClient(new Uri(options.Endpoint!), key).GetChatClient(options.Name!).AsIChatClient(),
            _ => new OpenAIClient(key, new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!) }).GetChatClient(options.Name!).AsIChatClient(),
        };
    }
}
