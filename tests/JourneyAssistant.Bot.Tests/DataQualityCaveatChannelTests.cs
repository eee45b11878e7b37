using System.Text.Json;
using JourneyAssistant.Analyst;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Bot.WeCom;
using JourneyAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// An answer over data with unmapped names says so in every channel's rendering: the Teams / Web Chat card and the
/// WeCom markdown carry the one-line caveat with its numbers, in the answer's language (issue 14, item 5).
/// </summary>
public sealed class DataQualityCaveatChannelTests
{
    [Theory]
    [InlineData("总收入是多少？", "使用未映射的名称（如 Facebook", "journey dictionary suggest")]
    [InlineData("What is total revenue?", "use names not mapped to ours (e.g. Facebook", "journey dictionary suggest")]
    public async Task The_card_and_the_wecom_markdown_carry_the_unmapped_names_caveat(string question, string caveat, string hint)
    {
        var folder = RepoPaths.NewScratchFolder("bot-caveat");
        var store = await ForeignNamesStore.BuildAsync(folder);
        var configuration = StoreConfiguration.For(store, folder);
        await using var services = new ServiceCollection().AddLogging().AddJourneyAnalyst(configuration, RepoPaths.Root).BuildServiceProvider();

        var answer = await services.GetRequiredService<IAnalyst>().AskAsync(new Question(question, "tester", "test", null, new DateOnly(2026, 11, 23)));

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Contains(caveat, answer.Explanation);
        var card = JsonSerializer.Serialize(new AnswerCardBuilder().Build(answer, null).Card!.Content, ProtocolJson.Options);
        var markdown = WeComMarkdown.Render(answer);
        foreach (var shown in new[] { card, markdown })
        {
            Assert.Contains(caveat, shown);
            Assert.Contains(hint, shown);
            Assert.Matches(@"\d+(\.\d)?%", shown);
        }
    }
}
