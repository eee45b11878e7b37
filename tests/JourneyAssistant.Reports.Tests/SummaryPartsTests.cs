using JourneyAssistant.Reports.Weekly;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Reports.Tests;

/// <summary>The pieces of the summary that need no store: ISO weeks, the template language, the HTML shell.</summary>
public sealed class SummaryPartsTests
{
    [Theory]
    [InlineData("2026-W47", 2026, 47, "2026-11-16")]
    [InlineData("2026w1", 2026, 1, "2025-12-29")]
    [InlineData(" 2020-W53 ", 2020, 53, "2020-12-28")]
    public void Iso_week_parses_and_starts_on_monday(string text, int year, int number, string monday)
    {
        var week = IsoWeek.TryParse(text)!;
        Assert.Equal(new IsoWeek(year, number), week);
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), week.Start);
        Assert.Equal(DayOfWeek.Sunday, week.End.DayOfWeek);
    }

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2026-W00")]
    [InlineData("last week")]
    [InlineData("")]
    public void Iso_week_rejects_malformed_text(string text) => Assert.Null(IsoWeek.TryParse(text));

    [Fact]
    public void Last_complete_week_is_the_previous_one_until_sunday()
    {
        Assert.Equal("2026-W46", IsoWeek.LastCompleteOnOrBefore(new DateOnly(2026, 11, 16)).ToString());
        Assert.Equal("2026-W47", IsoWeek.LastCompleteOnOrBefore(new DateOnly(2026, 11, 22)).ToString());
        Assert.Equal("2025-W52", new IsoWeek(2026, 1).Previous.ToString());
    }

    [Fact]
    public void Template_fills_placeholders_and_drops_empty_sections()
    {
        var text = SummaryTemplate.Render("# {{title}}\n\n{{#chart}}see {{chart}}{{/chart}}\n\n\n\n{{#none}}gone{{/none}}end", new Dictionary<string, string>
        {
            ["title"] = "周报",
            ["chart"] = "![funnel](a.png)",
            ["none"] = "",
        });
        Assert.Equal("# 周报\n\nsee ![funnel](a.png)\n\nend\n", text);
    }

    [Fact]
    public void Template_with_an_unknown_placeholder_fails_loudly()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SummaryTemplate.Render("{{nope}}", new Dictionary<string, string>()));
        Assert.Contains("nope", error.Message);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void Shipped_templates_use_exactly_the_placeholders_the_report_provides(string language)
    {
        var template = File.ReadAllText(Path.Combine(RepoPaths.Prompts, $"weekly-summary.{language}.md"));
        var used = SummaryTemplate.NamesIn(template);
        var provided = SummaryValues.Placeholders;

        Assert.Empty(used.Except(provided, StringComparer.Ordinal));
        // {{week}} is there for edited templates (prompts/ is the install's to change); the shipped ones put the week in the title.
        Assert.Equal(new[] { "week" }, provided.Except(used, StringComparer.Ordinal));
        Assert.DoesNotContain("{{", SummaryTemplate.Render(template, provided.ToDictionary(p => p, p => "x")));
    }

    [Fact]
    public void Html_shell_escapes_the_title_and_renders_pipe_tables()
    {
        var html = SummaryHtml.Render("| a | b |\n|---|---:|\n| 1 | **2** |\n", "A & <B>", "en");
        Assert.Contains("<title>A &amp; &lt;B&gt;</title>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<strong>2</strong>", html);
        Assert.Contains("lang=\"en\"", html);
    }
}
