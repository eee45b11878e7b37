using System.Globalization;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Dictionary;
using Microsoft.SemanticKernel;

namespace JourneyAssistant.Analyst.Kernel;

/// <summary>A skill call the model asked for and the kernel accepted (arguments validated), waiting to be run by the analyst.</summary>
public sealed record AcceptedCall(SkillDefinition? Skill, IReadOnlyDictionary<string, string> Arguments, string? Sql = null, MetricCall? Metric = null);

/// <summary>Collects the calls accepted during one planning round (one per question; flows with the async context).</summary>
public sealed class CallCapture
{
    private static readonly AsyncLocal<List<AcceptedCall>?> Current = new();

    /// <summary>Starts capturing for the current async flow.</summary>
    public static List<AcceptedCall> Begin() => Current.Value = [];

    internal static void Add(AcceptedCall call) => Current.Value?.Add(call);
}

/// <summary>
/// Generates one Semantic Kernel function per skill file — name, description, typed parameters with their enum values —
/// plus dictionary functions. No hand-written function per skill: a new skill file is a new function.
/// </summary>
public static class SkillFunctions
{
    /// <summary>Plugin name of the generated skill functions.</summary>
    public const string SkillsPlugin = "skills";

    /// <summary>Plugin name of the dictionary functions.</summary>
    public const string DictionaryPlugin = "dictionary";

    /// <summary>The kernel function for one skill; invoking it validates the arguments and records the call.</summary>
    public static KernelFunction Create(SkillDefinition skill, IJourneyDictionary dictionary)
    {
        var parameters = skill.Parameters.Select(p => new KernelParameterMetadata(p.Name)
        {
            Description = Describe(p, dictionary),
            IsRequired = p.Required,
            DefaultValue = p.Default,
            ParameterType = p.Type switch
            {
                ParameterType.Integer => typeof(int),
                ParameterType.Number => typeof(double),
                ParameterType.Boolean => typeof(bool),
                _ => typeof(string),
            },
        }).ToList();

        return KernelFunctionFactory.CreateFromMethod(
            (KernelArguments arguments) =>
            {
                var values = Validate(skill, arguments, dictionary);
                CallCapture.Add(new AcceptedCall(skill, values));
                return $"accepted: {skill.Id} will run with {string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))}";
            },
            new KernelFunctionFromMethodOptions
            {
                FunctionName = skill.Id,
                Description = $"{skill.Title.En} / {skill.Title.Zh}. {skill.Description.En} Examples: {string.Join("; ", skill.Examples.En.Take(3))}; {string.Join("；", skill.Examples.Zh.Take(3))}",
                Parameters = parameters,
                ReturnParameter = new KernelReturnParameterMetadata { Description = "Confirmation that the skill will run, or an error to correct." },
            });
    }

    /// <summary>Dictionary functions: list channels, touchpoints and stages with their labels and aliases.</summary>
    public static IEnumerable<KernelFunction> Dictionary(IJourneyDictionary dictionary)
    {
        foreach (var (kind, name) in new[] { (DictionaryKind.Channel, "list_channels"), (DictionaryKind.Touchpoint, "list_touchpoints"), (DictionaryKind.Stage, "list_stages") })
        {
            yield return KernelFunctionFactory.CreateFromMethod(
                () => string.Join("\n", dictionary.Entries(kind).Select(e => $"{e.Id}: {e.Label.Zh} / {e.Label.En} (aliases: {string.Join(", ", e.Aliases)})")),
                new KernelFunctionFromMethodOptions
                {
                    FunctionName = name,
                    Description = $"Lists the {kind} ids with Chinese/English labels and aliases, to map the user's words to ids.",
                    Parameters = [],
                    ReturnParameter = new KernelReturnParameterMetadata { Description = $"One {kind} per line: id: 中文 / English (aliases)" },
                });
        }
    }

    /// <summary>A parameter's description for the model, with allowed values spelled out.</summary>
    public static string Describe(SkillParameter parameter, IJourneyDictionary dictionary)
    {
        var text = parameter.Description.En + " / " + parameter.Description.Zh;
        var values = Allowed(parameter, dictionary);
        if (values.Count > 0)
        {
            text += ". One of: " + string.Join(", ", values);
        }

        if (parameter.Type == ParameterType.DateRange)
        {
            text += ". Either a preset (" + string.Join(", ", DateRange.Presets) + ") or YYYY-MM-DD..YYYY-MM-DD (local dates, inclusive)";
        }

        if (parameter.Min is not null || parameter.Max is not null)
        {
            text += FormattableString.Invariant($". Range {parameter.Min}..{parameter.Max}");
        }

        return parameter.Default is null ? text : text + ". Default: " + parameter.Default;
    }

    private static IReadOnlyList<string> Allowed(SkillParameter parameter, IJourneyDictionary dictionary) =>
        parameter.Values is { Count: > 0 } values ? values
        : parameter.ValuesFrom is { } kind ? dictionary.Entries(kind).Select(e => e.Id).ToList()
        : [];

    /// <summary>Checks the model's arguments against the declaration; throws <see cref="ArgumentException"/> with a message the model can act on.</summary>
    public static Dictionary<string, string> Validate(SkillDefinition skill, KernelArguments arguments, IJourneyDictionary dictionary)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in arguments)
        {
            var parameter = skill.Parameter(name)
                ?? throw new ArgumentException($"{skill.Id} has no parameter '{name}'. Parameters: {string.Join(", ", skill.Parameters.Select(p => p.Name))}.");
            var value = Convert.ToString(raw, CultureInfo.InvariantCulture)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            switch (parameter.Type)
            {
                case ParameterType.DateRange when DateRange.TryResolve(value, new DateOnly(2026, 1, 1)) is null:
                    throw new ArgumentException($"'{value}' is not a valid {name}: use a preset ({string.Join(", ", DateRange.Presets)}) or YYYY-MM-DD..YYYY-MM-DD.");
                case ParameterType.Enum:
                    var allowed = Allowed(parameter, dictionary);
                    var resolved = parameter.ValuesFrom is { } kind ? dictionary.Resolve(kind, value)?.Id ?? value : value;
                    if (allowed.Count > 0 && !allowed.Contains(resolved, StringComparer.Ordinal))
                    {
                        throw new ArgumentException($"'{value}' is not a valid {name}. Allowed: {string.Join(", ", allowed)}.");
                    }

                    value = resolved;
                    break;
                case ParameterType.Integer when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                                               || (parameter.Min is { } min && number < min) || (parameter.Max is { } max && number > max):
                    throw new ArgumentException(FormattableString.Invariant($"'{value}' is not a valid {name}: an integer in {parameter.Min}..{parameter.Max}."));
                case ParameterType.Number when !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                    throw new ArgumentException($"'{value}' is not a valid {name}: a number.");
                case ParameterType.Boolean when !bool.TryParse(value, out _):
                    throw new ArgumentException($"'{value}' is not a valid {name}: true or false.");
            }

            values[name] = value;
        }

        return values;
    }
}
