using JourneyAssistant.Bot.Hosting;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Bot.WeCom;

var builder = WebApplication.CreateBuilder(args);
builder.AddJourneyConfiguration();
builder.AddJourneyAnalystForBot();
builder.AddBotConversations();
builder.AddBotFramework();
builder.AddDirectLine();
builder.AddWeCom();
builder.AddSubscriptions();
builder.AddAuditPage();

var app = builder.Build();
app.MapBotHost();
app.MapWeCom();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
