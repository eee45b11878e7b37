using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Execution;

/// <summary>A skill argument that cannot be bound: names the parameter and what it accepts. Nothing runs.</summary>
public sealed class ParameterBindingException(string parameter, LocalizedText message) : Exception(message.En)
{
    public string Parameter { get; } = parameter;

    public LocalizedText Text { get; } = message;
}

/// <summary>Arguments bound to a skill: the values DuckDB sees ($name) and the typed values an answer shows.</summary>
public sealed record BoundParameters(
    IReadOnlyDictionary<string, object?> Sql,
    IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>The first date_range value bound, if any (the answer's period).</summary>
    public DateRange? Period => Values.Values.OfType<DateRange>().FirstOrDefault();
}

/// <summary>
/// Coerces arguments (CLI strings, router values, LLM JSON) into a skill's typed parameters: presets and ranges for
/// dates, dictionary ids (through aliases) for enums, bounds for numbers. A bad value is an error, never a guess.
/// </summary>
public sealed class ParameterBinder(IJourneyDictionary dictionary)
{
    private static readonly string[] TrueWords = ["true", "yes", "y", "1", "是", "对"];
    private static readonly string[] FalseWords = ["false", "no", "n", "0", "否", "不"];

    /// <summary>Binds <paramref name="arguments"/> to <paramref name="skill"/>'s parameters, resolving dates against <paramref name="asOf"/>.</summary>
    public BoundParameters Bind(SkillDefinition skill, IReadOnlyDictionary<string, object?>? arguments, DateOnly asOf)
    {
        arguments ??= new Dictionary<string, object?>();
        foreach (var name in arguments.Keys)
        {
            if (skill.Parameter(name) is null)
            {
                var known = skill.Parameters.Count == 0 ? "none" : string.Join(", ", skill.Parameters.Select(p => p.Name));
                throw new ParameterBindingException(name, new LocalizedText(
                    $"技能 {skill.Id} 没有参数 “{name}”；可用参数：{known}。",
                    $"Skill {skill.Id} has no parameter '{name}'; it takes: {known}."));
            }
        }

        var sql = new Dictionary<string, object?>(StringComparer.Ordinal);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in skill.Parameters)
        {
            var supplied = arguments.FirstOrDefault(a => string.Equals(a.Key, parameter.Name, StringComparison.OrdinalIgnoreCase)).Value;
            var raw = Normalize(supplied) ?? parameter.Default;
            if (raw is null)
            {
                if (parameter.Required)
                {
                    throw new ParameterBindingException(parameter.Name, new LocalizedText(
                        $"缺少必填参数 “{parameter.Name}”（{parameter.Description.Zh}）。{Allowed(parameter, Language.Zh)}",
                        $"Missing required parameter '{parameter.Name}' ({parameter.Description.En}). {Allowed(parameter, Language.En)}"));
                }

                values[parameter.Name] = null;
                foreach (var sqlName in parameter.SqlNames)
                {
                    sql[sqlName] = null;
                }

                continue;
            }

            var value = Coerce(parameter, raw, asOf);
            values[parameter.Name] = value;
            if (value is DateRange range)
            {
                sql[parameter.SqlNames[0]] = range.Start;
                sql[parameter.SqlNames[1]] = range.End;
            }
            else
            {
                sql[parameter.Name] = value;
            }
        }

        return new BoundParameters(sql, values);
    }

    /// <summary>Why a declared default cannot be a value of its parameter (checked when the file loads), or null.</summary>
    public static string? CheckDefaultSyntax(SkillParameter parameter)
    {
        try
        {
            if (parameter.Type == ParameterType.Enum && parameter.ValuesFrom is not null)
            {
                return null; // dictionary ids are checked against the live dictionary when the skill runs
            }

            Coerce(parameter, parameter.Default!, new DateOnly(2026, 1, 1), dictionary: null);
            return null;
        }
        catch (ParameterBindingException e)
        {
            return $"default: {e.Text.En}";
        }
    }

    private object? Coerce(SkillParameter parameter, string raw, DateOnly asOf) => Coerce(parameter, raw, asOf, dictionary);

    private static object? Coerce(SkillParameter parameter, string raw, DateOnly asOf, IJourneyDictionary? dictionary)
    {
        var text = raw.Trim();
        switch (parameter.Type)
        {
            case ParameterType.DateRange:
                return DateRange.TryResolve(text, asOf) ?? throw Invalid(parameter, text);

            case ParameterType.Enum:
                if (parameter.ValuesFrom is { } kind && dictionary is not null)
                {
                    return dictionary.Resolve(kind, text)?.Id ?? throw Invalid(parameter, text, dictionary);
                }

                return parameter.Values?.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase))
                    ?? throw Invalid(parameter, text, dictionary);

            case ParameterType.Integer:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    throw Invalid(parameter, text);
                }

                CheckBounds(parameter, integer, text);
                return integer;

            case ParameterType.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw Invalid(parameter, text);
                }

                CheckBounds(parameter, (decimal)number, text);
                return number;

            case ParameterType.Boolean:
                var lower = text.ToLowerInvariant();
                return TrueWords.Contains(lower) ? true : FalseWords.Contains(lower) ? false : throw Invalid(parameter, text);

            default:
                if (text.Length > 500)
                {
                    throw new ParameterBindingException(parameter.Name, new LocalizedText(
                        $"参数 “{parameter.Name}” 太长（最多 500 个字符）。", $"Parameter '{parameter.Name}' is too long (at most 500 characters)."));
                }

                return text;
        }
    }

    private static void CheckBounds(SkillParameter parameter, decimal value, string text)
    {
        if ((parameter.Min is { } min && value < min) || (parameter.Max is { } max && value > max))
        {
            throw Invalid(parameter, text);
        }
    }

    private static ParameterBindingException Invalid(SkillParameter parameter, string text, IJourneyDictionary? dictionary = null) =>
        new(parameter.Name, new LocalizedText(
            $"参数 “{parameter.Name}” 的值 “{text}” 无效。{Allowed(parameter, Language.Zh, dictionary)}",
            $"Parameter '{parameter.Name}' cannot be '{text}'. {Allowed(parameter, Language.En, dictionary)}"));

    private string Allowed(SkillParameter parameter, Language language) => Allowed(parameter, language, dictionary);

    /// <summary>The values a parameter accepts, in words.</summary>
    private static string Allowed(SkillParameter parameter, Language language, IJourneyDictionary? dictionary)
    {
        var zh = language == Language.Zh;
        string Range() => (parameter.Min, parameter.Max) switch
        {
            ({ } lo, { } hi) => zh ? $"{lo} 到 {hi}" : $"{lo} to {hi}",
            ({ } lo, null) => zh ? $"不小于 {lo}" : $"at least {lo}",
            (null, { } hi) => zh ? $"不大于 {hi}" : $"at most {hi}",
            _ => zh ? "任意" : "any",
        };

        return parameter.Type switch
        {
            ParameterType.DateRange => zh
                ? $"可用：{string.Join(", ", DateRange.Presets)}，或 YYYY-MM-DD..YYYY-MM-DD。"
                : $"Allowed: {string.Join(", ", DateRange.Presets)}, or YYYY-MM-DD..YYYY-MM-DD.",
            ParameterType.Enum => (zh ? "可用：" : "Allowed: ") + string.Join(", ", EnumValues(parameter, dictionary, language)) + (zh ? "。" : "."),
            ParameterType.Integer => zh ? $"需要整数，范围 {Range()}。" : $"Expected a whole number, {Range()}.",
            ParameterType.Number => zh ? $"需要数字，范围 {Range()}。" : $"Expected a number, {Range()}.",
            ParameterType.Boolean => zh ? "可用：true, false。" : "Allowed: true, false.",
            _ => "",
        };
    }

    private static IEnumerable<string> EnumValues(SkillParameter parameter, IJourneyDictionary? dictionary, Language language)
    {
        if (parameter.ValuesFrom is { } kind && dictionary is not null)
        {
            return dictionary.Entries(kind).Select(e => $"{e.Id} ({e.Label[language]})");
        }

        return parameter.Values ?? [];
    }

    /// <summary>Turns router/LLM values (numbers, booleans, JSON elements, dates) into the text form the coercion reads.</summary>
    private static string? Normalize(object? value) => value switch
    {
        null => null,
        string s when string.IsNullOrWhiteSpace(s) => null,
        string s => s,
        DateRange r => r.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement { ValueKind: JsonValueKind.String } e => Normalize(e.GetString()),
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
