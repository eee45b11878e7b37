using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Tests;

/// <summary>
/// Recommendation rules about "a paid channel" read the channel's dictionary kind (<c>of: channel_kind</c>), not a list of
/// our sample's channel ids, so a company's own paid channel (declared in its overlay) gets the paid-channel advice and a
/// channel nobody classified does not.
/// </summary>
public sealed class ChannelKindConditionTests
{
    private const string PaidAdvice = "paid channel with the lowest conversion";

    private static readonly JourneyDictionary WithFacebook = JourneyDictionary.LoadEmbedded().WithOverlay(DictionaryOverlay.LoadWith(null, "acme.yaml", """
        channels:
          - { id: facebook, kind: paid, zh: Facebook, en: Facebook, aliases: [fb] }
          - { id: newsletter, kind: owned, zh: 邮件, en: Newsletter }
        """));

    [Theory]
    [InlineData("facebook", true)]      // the company's own paid channel, kind from its overlay
    [InlineData("douyin", true)]        // a built-in paid channel
    [InlineData("newsletter", false)]   // owned
    [InlineData("custom:Instagram", false)] // a store's own name no one has classified: no claim about it
    public void Paid_channel_advice_follows_the_dictionary_kind(string worst, bool paidAdvice)
    {
        var skill = LibrarySkillRunner.Read("conversion_by_channel.yaml");
        var narrative = new SkillNarrator(WithFacebook).Narrate(skill, Result(skill, worst), Language.En);

        var actions = string.Join("\n", narrative.Recommendations.Select(r => r.Action));
        Assert.Equal(paidAdvice, actions.Contains(PaidAdvice, StringComparison.Ordinal));
    }

    [Fact]
    public void Library_rules_name_no_channel_id()
    {
        // The rule that used to list douyin / wechat_moments / search now names the kind.
        foreach (var file in new[] { "conversion_by_channel.yaml", "attribution_by_channel.yaml", "attribution_markov.yaml" })
        {
            var skill = LibrarySkillRunner.Read(file);
            var conditions = skill.Recommendations.SelectMany(r => r.When).ToList();
            Assert.Contains(conditions, c => c.Of == ConditionAttributes.ChannelKind);
            Assert.DoesNotContain(conditions, c => c.Value is IReadOnlyList<string> list && list.Contains("douyin"));
        }
    }

    [Fact]
    public void An_unknown_attribute_is_refused_with_its_line()
    {
        var text = File.ReadAllText(Path.Combine(JourneyAssistant.Testing.RepoPaths.Skills, "conversion_by_channel.yaml"))
            .Replace("of: channel_kind", "of: channel_colour", StringComparison.Ordinal);
        var error = Assert.Throws<SkillFileException>(() => new SkillFileReader(Shared.ChartKinds).Parse(text, "conversion_by_channel.yaml"));
        Assert.Contains("of 'channel_colour' is unknown", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"conversion_by_channel\.yaml:\d+", error.Message);
    }

    /// <summary>Two channels: a good one, and <paramref name="worst"/> converting at 1 % (the focus row, conversion ascending).</summary>
    private static SkillResult Result(SkillDefinition skill, string worst)
    {
        var columns = skill.Columns;
        object?[] Row(string channel, long people, long converters) =>
            [channel, people, converters, converters / (double)people, converters, converters * 100.0, converters * 100.0 / people];
        return new SkillResult(skill.Id, skill.Version, skill.Title, skill.Chart, columns,
            [Row("website", 1000, 80), Row(worst, 1000, 10)], skill.Sql, new Dictionary<string, object?>(), TimeSpan.Zero, false);
    }
}
