namespace JourneyAssistant.Store.Hosting;

/// <summary>Finds the folder that holds appsettings.json, skills/ and sample-data/, so relative paths mean the same from the CLI, the bot and tests.</summary>
public static class ContentRoot
{
    /// <summary>Environment variable that pins the content root explicitly.</summary>
    public const string EnvironmentVariable = "JOURNEY_HOME";

    /// <summary>Resolves the content root: JOURNEY_HOME, else the nearest ancestor of the working directory (then of the app base) holding appsettings.json and skills/.</summary>
    public static string Resolve()
    {
        var pinned = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(pinned) && Directory.Exists(pinned))
        {
            return Path.GetFullPath(pinned);
        }

        return FindFrom(Directory.GetCurrentDirectory())
            ?? FindFrom(AppContext.BaseDirectory)
            ?? Directory.GetCurrentDirectory();
    }

    /// <summary>Makes a configured path absolute against the content root.</summary>
    public static string Combine(string contentRoot, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(contentRoot, path));

    private static string? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "skills")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
