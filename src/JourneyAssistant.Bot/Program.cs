using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Hosting;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Bot.WeCom;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddOneLineStartupErrors();
    builder.AddJourneyConfiguration();
    builder.AddJourneyAnalystForBot();
    builder.AddTurnPipeline();
    builder.AddBotConversations();
    builder.AddBotFramework();
    builder.AddDirectLine();
    builder.AddWeCom();
    builder.AddSubscriptions();
    builder.AddAuditPage();

    var app = builder.Build();
    app.MapBotHost();
    app.MapWeCom();
    await app.StartAsync();
    StartupFailure.MarkStarted();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception failure) when (failure is not HostAbortedException && !StartupFailure.Started)
{
    // A busy port, a bad setting, an unreadable store: one line naming the setting and the fix, and a failing exit code.
    Console.Error.WriteLine(StartupFailure.Describe(failure));
    return 1;
}

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
