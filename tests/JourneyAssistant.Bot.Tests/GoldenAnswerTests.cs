using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Bot.Tests.Infrastructure;
using JourneyAssistant.Bot.WeCom;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// Golden files for what a user sees of a real answer, per sample company and language: the Teams / Web Chat Adaptive
/// Card and the WeCom markdown, built from the real analyst's answer over the real store as of 2026-11-23.
/// </summary>
public sealed class GoldenAnswerTests(CompanyAnalysts analysts) : IClassFixture<CompanyAnalysts>
{
    private const string ChartBaseUrl = "https://bot.example.com";

    // The only non-deterministic parts of a rendered answer: the reference (the audit id, fresh for every query run)
    // and the chart's public name (ChartImages hands out a new Guid per registered file). Everything else is byte-stable.
    private static readonly (string, string)[] _scrubbers =
    [
        (@"/charts/[0-9a-f]{32}\.png", "/charts/{chart}.png"),
        (@"(Reference: |参考编号：)[0-9a-f]+", "$1{audit_id}"),
    ];

    [Theory]
    [MemberData(nameof(SampleCompanies.Cases), MemberType = typeof(SampleCompanies))]
    public async Task Answer_card_matches_golden_file(string company, string language)
    {
        var answer = await Answered(company, language);
        var message = new AnswerCardBuilder().Build(answer, new ChartImages().Link(answer.Chart, ChartBaseUrl, maxInlineBytes: 0));

        var json = JsonSerializer.Serialize(message.Card!.Content, new JsonSerializerOptions(ProtocolJson.Options) { WriteIndented = true });
        Snapshot.Match(json, "json", name: $"Card_{company}_{language}", scrubbers: _scrubbers);
    }

    [Theory]
    [MemberData(nameof(SampleCompanies.Cases), MemberType = typeof(SampleCompanies))]
    public async Task WeCom_markdown_matches_golden_file(string company, string language)
    {
        var answer = await Answered(company, language);

        Snapshot.Match(WeComMarkdown.Render(answer), "md", name: $"WeCom_{company}_{language}", scrubbers: _scrubbers);
    }

    // A golden file of a refusal would pin the wrong thing: the question must be answered, in its language, with a chart.
    private async Task<Answer> Answered(string company, string language)
    {
        var answer = await analysts.AskAsync(company, language);
        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Equal(language, answer.Language);
        Assert.NotNull(answer.Chart);
        Assert.NotEmpty(answer.Recommendations);
        return answer;
    }
}
