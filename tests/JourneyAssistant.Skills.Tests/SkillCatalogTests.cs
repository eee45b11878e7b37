using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

public sealed class SkillCatalogTests
{
    private static readonly SkillValidator Validator = new(Shared.Guard, Shared.ChartKinds, []);

    private static string Version(int version) => TestSkills.ConversionByChannel.Replace("version: 1", $"version: {version}", StringComparison.Ordinal);

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        // Some file systems keep coarse timestamps; a distinct one makes every write a visible change.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(Random.Shared.Next(1, 1000)));
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }

    [Fact]
    public void Catalog_loads_valid_files_and_lists_rejections()
    {
        var folder = RepoPaths.NewScratchFolder("catalog");
        Write(Path.Combine(folder, "conversion_by_channel.yaml"), Version(1));
        Write(Path.Combine(folder, "broken.yaml"), "id: broken\nversion: one\n");
        File.WriteAllText(Path.Combine(folder, "README.md"), "not a skill");

        using var catalog = new FileSkillCatalog(folder, Validator, watch: false);

        Assert.Equal(["conversion_by_channel"], catalog.Skills.Select(s => s.Id));
        Assert.NotNull(catalog.Find("CONVERSION_BY_CHANNEL"));
        Assert.Contains(catalog.Errors, e => e.File.EndsWith("broken.yaml", StringComparison.Ordinal) && e.Line == 2);
    }

    [Fact]
    public void Broken_new_version_keeps_the_previous_version_active_until_fixed()
    {
        var folder = RepoPaths.NewScratchFolder("catalog");
        var path = Path.Combine(folder, "conversion_by_channel.yaml");
        Write(path, Version(1));
        using var catalog = new FileSkillCatalog(folder, Validator, watch: false);
        var changes = new List<SkillCatalogChangedEventArgs>();
        catalog.Changed += (_, e) => changes.Add(e);

        Write(path, Version(2).Replace("FROM journey_events", "FROM touchpoint_events", StringComparison.Ordinal));
        catalog.Reload();

        Assert.Equal(1, catalog.Find("conversion_by_channel")!.Version);
        Assert.Contains(catalog.Errors, e => e.Message.Contains("touchpoint_events", StringComparison.Ordinal));
        Assert.NotEmpty(Assert.Single(changes).Rejected);

        Write(path, Version(3));
        catalog.Reload();

        Assert.Equal(3, catalog.Find("conversion_by_channel")!.Version);
        Assert.Empty(catalog.Errors);
        Assert.Equal(["conversion_by_channel"], changes[^1].Updated);
    }

    [Fact]
    public async Task Running_catalog_picks_up_added_changed_and_removed_files()
    {
        var folder = RepoPaths.NewScratchFolder("catalog");
        var path = Path.Combine(folder, "conversion_by_channel.yaml");
        using var catalog = new FileSkillCatalog(folder, Validator, watch: true, rescanInterval: TimeSpan.FromSeconds(2));
        Assert.Empty(catalog.Skills);

        Write(path, Version(1));
        Assert.True(await Eventually(() => catalog.Find("conversion_by_channel")?.Version == 1), "added file not picked up");

        Write(path, Version(2).Replace("version: 2", "version: [", StringComparison.Ordinal));
        Assert.True(await Eventually(() => catalog.Errors.Count > 0), "broken change not rejected");
        Assert.Equal(1, catalog.Find("conversion_by_channel")!.Version);

        Write(path, Version(2));
        Assert.True(await Eventually(() => catalog.Find("conversion_by_channel")?.Version == 2), "valid change not picked up");
        Assert.Empty(catalog.Errors);

        File.Delete(path);
        Assert.True(await Eventually(() => catalog.Skills.Count == 0), "removed file still active");
    }

    [Fact]
    public void Duplicate_id_in_a_second_file_is_rejected()
    {
        var folder = RepoPaths.NewScratchFolder("catalog");
        Write(Path.Combine(folder, "a.yaml"), Version(1));
        Write(Path.Combine(folder, "b.yaml"), Version(5));

        using var catalog = new FileSkillCatalog(folder, Validator, watch: false);

        Assert.Equal(1, Assert.Single(catalog.Skills).Version);
        Assert.Contains(catalog.Errors, e => e.File.EndsWith("b.yaml", StringComparison.Ordinal) && e.Message.Contains("already defined in a.yaml", StringComparison.Ordinal));
    }
}
