using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JourneyAssistant.Skills.Guard;

/// <summary>
/// How big a value-generating call (range, generate_series, repeat, lpad, rpad, list_resize …) can get, read from its
/// arguments in the parsed SQL. Issue 21: <c>len(range(400000000))</c> built a 3 GB list in one uninterruptible call
/// (DuckDB allocates list and string vectors outside its memory limit), so such calls are bounded before they run.
/// Arguments may be numbers, dates/timestamps and intervals written in the query, arithmetic over them, or parameters
/// (bound by a vetted skill's validated values); anything computed from data is refused.
/// </summary>
internal static partial class GeneratedSize
{
    /// <summary>Most list elements one call may generate.</summary>
    public const long MaxElements = 10_000_000;

    /// <summary>Most characters one string call may generate (big enough to reach the result-size cap with a clear message).</summary>
    public const long MaxCharacters = 256_000_000;

    private enum Kind { Known, Parameter, Unbounded }

    private readonly record struct Size(Kind Kind, double Value)
    {
        public static readonly Size Unbounded = new(Kind.Unbounded, 0);

        public static readonly Size Parameter = new(Kind.Parameter, 0);
    }

    /// <summary>The limit for <paramref name="function"/>, or null when it generates nothing sized.</summary>
    public static long? LimitOf(string function) => function.ToLowerInvariant() switch
    {
        "range" or "generate_series" or "list_resize" or "array_resize" or "generate_subscripts" => MaxElements,
        "repeat" or "lpad" or "rpad" => MaxCharacters,
        _ => null,
    };

    /// <summary>
    /// Whether the call can exceed its limit (with the estimate), or is sized by something other than literals and
    /// parameters (unbounded). A call sized only by parameters passes: the binder bounds a vetted skill's values.
    /// </summary>
    public static (bool TooLarge, bool Unbounded, double Estimate) Check(string function, JsonElement call)
    {
        var arguments = call.TryGetProperty("children", out var children) ? children.EnumerateArray().ToList() : [];
        var name = function.ToLowerInvariant();
        Size estimate;
        switch (name)
        {
            case "range" or "generate_series":
                var values = arguments.Select(Evaluate).ToList();
                estimate = values.Count switch
                {
                    1 => values[0],
                    2 => Combine(values[1], values[0], (b, a) => b - a),
                    3 => Combine(Combine(values[1], values[0], (b, a) => b - a), values[2], (span, step) => step == 0 ? double.PositiveInfinity : span / step),
                    _ => Size.Unbounded,
                };
                break;
            case "repeat" when arguments.Count == 2:
                var length = StringLength(arguments[0]);
                estimate = Combine(Evaluate(arguments[1]), length, (n, l) => n * l);
                break;
            case "lpad" or "rpad" or "list_resize" or "array_resize" when arguments.Count >= 2:
                estimate = Evaluate(arguments[1]);
                break;
            case "generate_subscripts":
                return (false, false, 0); // bounded by the list it indexes, which is itself bounded
            default:
                estimate = Size.Unbounded;
                break;
        }

        var limit = LimitOf(name) ?? 0;
        return estimate.Kind switch
        {
            Kind.Parameter => (false, false, 0),
            Kind.Unbounded => (false, true, 0),
            _ => (Math.Abs(estimate.Value) > limit || double.IsNaN(estimate.Value), false, Math.Abs(estimate.Value)),
        };
    }

    private static Size Combine(Size left, Size right, Func<double, double, double> operation) =>
        left.Kind == Kind.Unbounded || right.Kind == Kind.Unbounded ? Size.Unbounded
        : left.Kind == Kind.Parameter || right.Kind == Kind.Parameter ? Size.Parameter
        : new Size(Kind.Known, operation(left.Value, right.Value));

    /// <summary>A string literal's length, or 1 for anything else short (a repeated list or column is bounded by the count alone only when literal).</summary>
    private static Size StringLength(JsonElement argument)
    {
        if (Constant(argument) is { ValueKind: JsonValueKind.String } text)
        {
            return new Size(Kind.Known, Math.Max(1, text.GetString()!.Length));
        }

        return Class(argument) is "CONSTANT" or "PARAMETER" ? new Size(Kind.Known, 1) : Size.Unbounded;
    }

    /// <summary>Numbers as themselves, dates and timestamps as seconds since 1970, intervals as seconds.</summary>
    private static Size Evaluate(JsonElement expression)
    {
        switch (Class(expression))
        {
            case "PARAMETER":
                return Size.Parameter;
            case "CONSTANT":
                var value = Constant(expression);
                return value is { ValueKind: JsonValueKind.Number } number ? new Size(Kind.Known, number.GetDouble()) : Size.Unbounded;
            case "CAST":
                var child = expression.GetProperty("child");
                var target = expression.TryGetProperty("cast_type", out var type) && type.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "";
                if (Constant(child) is { ValueKind: JsonValueKind.String } literal)
                {
                    return target.StartsWith("DATE", StringComparison.Ordinal) || target.StartsWith("TIMESTAMP", StringComparison.Ordinal)
                        ? Instant(literal.GetString()!)
                        : target == "INTERVAL" ? Interval(literal.GetString()!)
                        : double.TryParse(literal.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? new Size(Kind.Known, parsed) : Size.Unbounded;
                }

                return Evaluate(child);
            case "FUNCTION":
                return Function(expression);
            default:
                return Size.Unbounded;
        }
    }

    private static Size Function(JsonElement call)
    {
        var name = call.TryGetProperty("function_name", out var n) ? n.GetString() ?? "" : "";
        var arguments = call.TryGetProperty("children", out var children) ? children.EnumerateArray().Select(Evaluate).ToList() : [];
        if (IntervalUnit(name) is { } seconds && arguments.Count == 1)
        {
            return Combine(arguments[0], new Size(Kind.Known, seconds), (a, b) => a * b);
        }

        return (name, arguments.Count) switch
        {
            ("+", 2) => Combine(arguments[0], arguments[1], (a, b) => a + b),
            ("-", 2) => Combine(arguments[0], arguments[1], (a, b) => a - b),
            ("-", 1) => Combine(arguments[0], new Size(Kind.Known, -1), (a, b) => a * b),
            ("*", 2) => Combine(arguments[0], arguments[1], (a, b) => a * b),
            ("/" or "//", 2) => Combine(arguments[0], arguments[1], (a, b) => b == 0 ? double.PositiveInfinity : a / b),
            ("trunc" or "round" or "floor" or "ceil", 1) => arguments[0],
            _ => Size.Unbounded,
        };
    }

    private static double? IntervalUnit(string function) => function.ToLowerInvariant() switch
    {
        "to_microseconds" => 1e-6,
        "to_milliseconds" => 1e-3,
        "to_seconds" => 1,
        "to_minutes" => 60,
        "to_hours" => 3_600,
        "to_days" => 86_400,
        "to_weeks" => 7 * 86_400,
        "to_months" => 30 * 86_400,
        "to_quarters" => 91 * 86_400,
        "to_years" => 365 * 86_400,
        "to_decades" => 3_650 * 86_400.0,
        "to_centuries" => 36_500 * 86_400.0,
        "to_millennia" => 365_000 * 86_400.0,
        _ => null,
    };

    private static Size Instant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? new Size(Kind.Known, instant.ToUnixTimeSeconds())
            : Size.Unbounded;

    /// <summary>'1 day', '2 hours', '30 minutes' … as seconds; anything else is not understood and so not bounded.</summary>
    private static Size Interval(string text)
    {
        var match = IntervalText().Match(text.Trim());
        if (!match.Success)
        {
            return Size.Unbounded;
        }

        var unit = match.Groups[2].Value.ToLowerInvariant().TrimEnd('s');
        var seconds = IntervalUnit("to_" + (unit == "millisecond" ? "milliseconds" : unit == "microsecond" ? "microseconds" : unit == "millennium" ? "millennia" : unit == "century" ? "centuries" : unit + "s"));
        return seconds is null ? Size.Unbounded : new Size(Kind.Known, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * seconds.Value);
    }

    private static string Class(JsonElement expression) =>
        expression.ValueKind == JsonValueKind.Object && expression.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "";

    private static JsonElement? Constant(JsonElement expression) =>
        Class(expression) == "CONSTANT" && expression.TryGetProperty("value", out var value) && value.TryGetProperty("value", out var inner) ? inner : null;

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$")]
    private static partial Regex IntervalText();
}
