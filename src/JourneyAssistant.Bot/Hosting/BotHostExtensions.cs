using JourneyAssistant.Bot.Audit;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.DirectLine;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Bot.Chat;
using JourneyAssistant.Store.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JourneyAssistant.Bot.Hosting;

/// <summary>Composition of the bot host: each channel or page registers itself here, Program.cs only lists them.</summary>
public static class BotHostExtensions
{
    /// <summary>Reads the repository's appsettings.json (Store, Skills, Analyst…) under the bot's own settings, as the CLI does.</summary>
    public static WebApplicationBuilder AddJourneyConfiguration(this WebApplicationBuilder builder)
    {
        var root = ContentRoot.Resolve();
        var shared = Path.Combine(root, "appsettings.json");
        if (File.Exists(shared))
        {
            // Inserted first so the bot's own appsettings and the environment override it.
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = shared,
                Optional = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(root),
            });
        }

        builder.Configuration.AddEnvironmentVariables("JOURNEY__");
        return builder;
    }

    /// <summary>The Bot Framework activity adapter shared by Teams and Direct Line: cards, chart links, connectors, on the turn pipeline.</summary>
    public static WebApplicationBuilder AddBotConversations(this WebApplicationBuilder builder)
    {
        builder.AddTurnPipeline();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AnswerCardBuilder>();
        builder.Services.AddSingleton<ChartImages>();
        builder.Services.AddSingleton<IConversationSender, ConversationSender>();
        builder.Services.AddSingleton<ActivityTurns>();
        return builder;
    }

    /// <summary>Azure Bot Service / Teams: /api/messages with channel JWT validation and the Bot Connector REST client.</summary>
    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotFrameworkOptions>().Bind(builder.Configuration.GetSection(BotFrameworkOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(nameof(ChannelAuthenticator));
        builder.Services.AddSingleton<IChannelAuthenticator, ChannelAuthenticator>();
        builder.Services.TryAddSingleton<IBotTokenProvider, MsalBotTokenProvider>();
        builder.Services.AddHttpClient<BotConnectorClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IChannelConnector>(sp => sp.GetRequiredService<BotConnectorClient>());
        return builder;
    }

    /// <summary>The local Direct Line 3.0 endpoint and its connector.</summary>
    public static WebApplicationBuilder AddDirectLine(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectLineOptions>().Bind(builder.Configuration.GetSection(DirectLineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebChatSignInOptions>().Bind(builder.Configuration.GetSection(WebChatSignInOptions.SectionName));
        builder.Services.AddSingleton<UserAssertionVerifier>();
        builder.Services.AddSingleton<DirectLineTokens>();
        builder.Services.AddSingleton<DirectLineConversations>();
        builder.Services.AddSingleton<IChannelConnector, DirectLineConnector>();
        builder.Services.AddDirectLineCors();
        builder.Services.AddNewConversationRateLimit();
        return builder;
    }

    /// <summary>The analysts' audit page.</summary>
    public static WebApplicationBuilder AddAuditPage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.SectionName));
        builder.AddTurnPipeline();
        // The skills' audit log (every execution, shared with `journey audit`) when the analyst registered it; else the bot's own record.
        builder.Services.TryAddSingleton<IAuditSource>(sp => sp.GetService<JourneyAssistant.Skills.Audit.IAuditLog>() is { } log
            ? new CombinedAuditSource(new SkillsAuditSource(log), sp.GetRequiredService<QuestionLog>())
            : sp.GetRequiredService<QuestionLog>());
        return builder;
    }

    /// <summary>Maps every endpoint of the host.</summary>
    public static WebApplication MapBotHost(this WebApplication app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { DefaultFileNames = [] });
        app.UseStaticFiles();
        app.UseCors();
        app.UseRateLimiter();
        app.MapGet("/healthz", () => "ok");
        app.MapBotFramework();
        app.MapDirectLine();
        app.MapWebChat();
        app.MapAudit();
        return app;
    }
}
