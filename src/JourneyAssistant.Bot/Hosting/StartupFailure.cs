using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Hosting;

/// <summary>
/// Turns a failed start into one line a person can act on — the setting at fault and the fix (another port with
/// --urls, a JOURNEY__ environment variable) — instead of a hundred lines of stack trace printed twice.
/// </summary>
public static partial class StartupFailure
{
    /// <summary>True once the host is listening: from then on the host's own error logging is wanted again.</summary>
    public static bool Started { get; private set; }

    public static void MarkStarted() => Started = true;

    /// <summary>
    /// Silences the host's and Kestrel's error logs until the host has started: a failed start would otherwise log the
    /// full exception, which <see cref="Describe"/> already says in one line.
    /// </summary>
    public static WebApplicationBuilder AddOneLineStartupErrors(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter((category, level) => Started || level < LogLevel.Error || category is null
            || !(category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) || category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)));
        return builder;
    }

    /// <summary>The one line to print for a start that failed with <paramref name="failure"/>.</summary>
    public static string Describe(Exception failure)
    {
        var chain = Chain(failure).ToList();
        if (chain.OfType<StartupProblem>().FirstOrDefault() is { } named)
        {
            return Line(named.Message);
        }

        if (chain.FirstOrDefault(e => e is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }) is not null)
        {
            var address = chain.Select(e => BindAddress().Match(e.Message)).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "http://localhost:5080";
            var other = NextPort(address);
            return Line($"Port in use: {address} is taken by another program. Start on another port with --urls {other} (or ASPNETCORE_URLS={other}). / 端口被占用：{address} 已被其他程序使用，请用 --urls {other} 换一个端口启动。");
        }

        if (chain.OfType<OptionsValidationException>().FirstOrDefault() is { } invalid)
        {
            var section = invalid.OptionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string ?? invalid.OptionsType.Name;
            var member = invalid.Failures.Select(f => Member().Match(f)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            var key = member is null ? section : $"{section}:{member}";
            return Line($"Invalid setting {key}: {string.Join(" ", invalid.Failures.Select(ErrorText))} Fix it in appsettings.json or with {EnvironmentName(key)}=… / 配置项 {key} 无效，请在 appsettings.json 中修改，或设置环境变量 {EnvironmentName(key)}。");
        }

        if (chain.Select(e => ConfigurationKey().Match(e.Message)).FirstOrDefault(m => m.Success) is { } conversion)
        {
            var key = conversion.Groups[1].Value;
            return Line($"Invalid setting {key}: its value cannot be read as {conversion.Groups[2].Value}. Fix it in appsettings.json or with {EnvironmentName(key)}=… / 配置项 {key} 的值格式不对，请在 appsettings.json 中修改，或设置环境变量 {EnvironmentName(key)}。");
        }

        var root = chain[^1];
        return Line($"JourneyAssistant could not start: {root.Message} ({root.GetType().Name}) / 启动失败：{root.Message}");
    }

    /// <summary>JOURNEY__Section__Key, the environment variable that overrides a configuration key.</summary>
    public static string EnvironmentName(string key) => "JOURNEY__" + key.Replace(":", "__", StringComparison.Ordinal);

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return e;
        }
    }

    private static string NextPort(string address) =>
        Uri.TryCreate(address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://localhost:{uri.Port + 1}"
            : "http://localhost:5081";

    // "DataAnnotation validation failed for 'BotOptions' members: 'Workers' with the error: 'The field …'."
    private static string ErrorText(string failure) => ErrorMessage().Match(failure) is { Success: true } m ? m.Groups[1].Value.TrimEnd('.') + "." : failure;

    private static string Line(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"bind to address (\S+?):? address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindAddress();

    [GeneratedRegex(@"members: '([^']+)'")]
    private static partial Regex Member();

    [GeneratedRegex(@"with the error: '(.*)'\.?$")]
    private static partial Regex ErrorMessage();

    [GeneratedRegex(@"Failed to convert configuration value (?:'[^']*' )?at '([^']+)' to type '([^']+)'")]
    private static partial Regex ConfigurationKey();
}
