using System.Reflection;
using JourneyAssistant.Store.Hosting;

namespace JourneyAssistant.Testing;

/// <summary>Paths into the repository for tests: skills, sample data, golden files.</summary>
public static class RepoPaths
{
    static RepoPaths()
    {
        // Tests run from their output folder; the build stamps the repository root into the assembly.
        var stamped = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "JourneyRepositoryRoot")?.Value;
        Root = stamped is not null && Directory.Exists(stamped) ? Path.GetFullPath(stamped) : ContentRoot.Resolve();
        Environment.SetEnvironmentVariable(ContentRoot.EnvironmentVariable, Root);
    }

    /// <summary>The repository root (the content root). Reading it also pins JOURNEY_HOME for product code under test.</summary>
    public static string Root { get; }

    public static string Skills => Path.Combine(Root, "skills");

    public static string SampleData => Path.Combine(Root, "sample-data");

    public static string Prompts => Path.Combine(Root, "prompts");

    /// <summary>A fresh, empty scratch folder under the system temp folder, unique per call.</summary>
    public static string NewScratchFolder(string purpose)
    {
        var dir = Path.Combine(Path.GetTempPath(), "journey-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
