using JourneyAssistant.Analyst.Conversation;
using JourneyAssistant.Analyst.Extraction;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Analyst.Tests;

public sealed class RouterTests
{
    [Theory]
    [InlineData("哪个触点流失的用户最多？", "funnel_by_touchpoint")]
    [InlineData("用户最容易在哪一步走掉", "funnel_by_touchpoint")]
    [InlineData("哪个channel转化最好", "conversion_by_channel")]
    [InlineData("which channel converts best?", "conversion_by_channel")]
    [InlineData("老客回购的比例多少", "repurchase_rate")]
    [InlineData("what do unhappy customers complain about?", "complaint_keywords")]
    [InlineData("工单平均多久能解决", "ticket_service_levels")]
    [InlineData("按马尔可夫模型算一下渠道贡献", "attribution_markov")]
    [InlineData("小程序的conversion怎么样", "conversion_by_channel")]
    [InlineData("if we cut douyin entirely how much conversion would we lose", "attribution_markov")]
    public void Routes_paraphrases_in_both_languages(string question, string skill)
    {
        var route = SkillFixture.Router.Route(question);
        Assert.True(route.IsConfident, $"score {route.Best?.Score}, coverage {route.Coverage}");
        Assert.Equal(skill, route.Best!.SkillId);
    }

    [Theory]
    [InlineData("asdfgh qwerty")]
    [InlineData("what is our employee headcount")]
    [InlineData("竞争对手最近在做什么活动")]
    public void Unrelated_questions_are_not_confident(string question) =>
        Assert.False(SkillFixture.Router.Route(question).IsConfident);

    [Fact]
    public void Binder_fills_parameters_by_type_from_the_question()
    {
        var facts = SkillFixture.Facts.Extract("上个月小程序用户首次触点归因，按触点看", new DateOnly(2026, 11, 23));

        var attribution = QuestionBinder.Bind(SkillFixture.Skill("attribution_by_channel"), facts);
        var funnel = QuestionBinder.Bind(SkillFixture.Skill("funnel_by_touchpoint"), facts);

        Assert.Equal("first_touch", attribution["model"]);
        Assert.Equal("touchpoint", attribution["dimension"]);
        Assert.Equal("2026-10-01..2026-10-31", attribution["period"]);
        Assert.Equal("mini_program", funnel["channel"]);
    }

    [Fact]
    public void Conversation_state_expires_and_stays_bounded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T00:00:00Z"));
        var store = new ConversationStore(time, TimeSpan.FromMinutes(30), capacity: 2);
        store.Remember("a", "funnel_by_touchpoint", new Dictionary<string, string>(), "q");
        time.Advance(TimeSpan.FromMinutes(1));
        store.Remember("b", "top_paths", new Dictionary<string, string>(), "q");
        time.Advance(TimeSpan.FromMinutes(1));
        store.Remember("c", "top_paths", new Dictionary<string, string>(), "q");

        Assert.Equal(2, store.Count);
        Assert.Null(store.Last("a"));
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Null(store.Last("c"));
    }

    [Theory]
    [InlineData("只看小程序", true)]
    [InlineData("那上个月呢", true)]
    [InlineData("what about last month?", true)]
    [InlineData("break it down by channel", true)]
    [InlineData("哪个触点流失的用户最多？", false)]
    public void Recognizes_follow_up_wording(string question, bool followUp) =>
        Assert.Equal(followUp, FollowUps.LooksLikeFollowUp(question, SkillFixture.Facts.Extract(question, new DateOnly(2026, 11, 23))));
}
