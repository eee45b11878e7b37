using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Audit;
using JourneyAssistant.Bot.Protocol;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Bot.Tests.Infrastructure;

/// <summary>Outbound tokens without Azure AD: the connector gets a fixed bearer (the MSAL call is the unreachable boundary).</summary>
public sealed class StaticBotTokenProvider : IBotTokenProvider
{
    public const string Token = "test-connector-token";

    public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(Token);
}

/// <summary>The real bot host on Kestrel (127.0.0.1, random port), with settings and (optionally) the analyst replaced.</summary>
public sealed class BotHostFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly IAnalyst? _analyst;

    public BotHostFactory(IDictionary<string, string?>? settings = null, IAnalyst? analyst = null)
    {
        _ = Testing.RepoPaths.Root; // pins JOURNEY_HOME for the product code
        _analyst = analyst;
        _settings = new Dictionary<string, string?>
        {
            ["Bot:TypingInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (analyst is not null)
        {
            _settings["Bot:WarmUpStore"] = "false";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    /// <summary>http://127.0.0.1:port of the running host.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("JOURNEY_TEST_LOG") is { Length: > 0 } logFile)
            {
                logging.AddProvider(new FileLoggerProvider(logFile));
            }
        });
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IBotTokenProvider>();
            services.AddSingleton<IBotTokenProvider, StaticBotTokenProvider>();
            if (_analyst is not null)
            {
                // The double stands in for the whole analyst: no store warm-up, and the audit page reads the bot's own record.
                services.RemoveAll<IAnalyst>();
                services.AddSingleton(_analyst);
                services.RemoveAll<IAuditSource>();
                services.AddSingleton<IAuditSource>(sp => sp.GetRequiredService<QuestionLog>());
            }
        });
    }
}

/// <summary>Appends host log lines to a file when JOURNEY_TEST_LOG is set (for diagnosing a failing test).</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly object _gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
