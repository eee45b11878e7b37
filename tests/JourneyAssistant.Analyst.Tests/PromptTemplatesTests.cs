using JourneyAssistant.Analyst.Kernel;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Analyst.Tests;

/// <summary>The routing prompts are rendered by Semantic Kernel's template engine (issue 19), not by string replacement.</summary>
public sealed class PromptTemplatesTests
{
    [Theory]
    [InlineData(Language.Zh)]
    [InlineData(Language.En)]
    public async Task The_shipped_system_prompts_carry_today_and_the_zone(Language language)
    {
        var prompt = await new PromptTemplates(RepoPaths.Root).SystemAsync(language, new DateOnly(2026, 11, 23), "Asia/Shanghai");

        Assert.Contains("2026-11-23", prompt, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_prompt_in_the_template_syntax_renders_as_semantic_kernel_renders_it()
    {
        // Spaces inside the braces are valid Semantic Kernel syntax that a plain Replace("{{$today}}") never filled in.
        var root = RepoPaths.NewScratchFolder("prompts");
        Directory.CreateDirectory(Path.Combine(root, "prompts"));
        await File.WriteAllTextAsync(Path.Combine(root, "prompts", "analyst-system.en.yaml"), """
            name: analyst_system_en
            template_format: semantic-kernel
            template: |
              Today is {{ $today }} in {{ $zone }}.
            """);

        var prompt = await new PromptTemplates(root).SystemAsync(Language.En, new DateOnly(2026, 12, 4), "Europe/Berlin");

        Assert.Equal("Today is 2026-12-04 in Europe/Berlin.", prompt.TrimEnd());
    }
}
