namespace JourneyAssistant.Bot.Hosting;

/// <summary>A start-up failure we can name: the setting at fault and how to fix it. Printed as one line, never a stack trace.</summary>
public sealed class StartupProblem(string setting, string problem, string fix, Exception? inner = null)
    : Exception($"{problem} ({setting}). {fix}", inner)
{
    public string Setting { get; } = setting;
}
