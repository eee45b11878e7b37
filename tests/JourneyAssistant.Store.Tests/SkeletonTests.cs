using JourneyAssistant.Testing;

namespace JourneyAssistant.Store.Tests;

public sealed class SkeletonTests
{
    [Fact]
    public void Content_root_holds_the_dictionary_and_skills()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "appsettings.json")));
        Assert.True(Directory.Exists(RepoPaths.Skills));
    }
}
