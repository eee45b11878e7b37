using System.Text;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.WeCom;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Bot.Tests;

/// <summary>How answers look in WeCom, and how long text is cut to WeCom's byte limits.</summary>
public sealed class WeComMarkdownTests
{
    [Fact]
    public void Answer_renders_as_wecom_markdown()
    {
        var answer = new Answer
        {
            Question = "上周各渠道的转化率是多少？",
            Language = "zh",
            Text = "上周门店转化率最高，为 12.5%。",
            Columns = [new AnswerColumn("channel", "渠道", "dimension"), new AnswerColumn("rate", "转化率", "measure")],
            Rows = [["门店", 0.125], ["小程序", 0.083]],
            Explanation = "转化率 = 下单人数 / 访问人数。\n日期：2026-11-16 至 2026-11-22（Asia/Shanghai）。",
            Recommendations = [new Recommendation("把小程序的优惠券提醒提前到加购后 1 小时", "小程序转化率", "增长团队")],
            FollowUps = ["按地区拆分", "和前一周比呢？"],
            DataScope = "region = 华东",
            Reference = "EX-42",
            GeneratedSql = true,
        };

        Snapshot.Match(WeComMarkdown.Render(answer), "md");
    }

    [Fact]
    public void Split_keeps_paragraphs_whole_and_trims_an_overlong_line_at_a_character_boundary()
    {
        var huge = new string('渠', 1000); // 3000 bytes in one line
        var chunks = WeComMarkdown.Split("开头\n\n" + huge + "\n\n结尾", 2048);

        Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= 2048));
        Assert.Equal(3, chunks.Count);
        Assert.Equal("开头", chunks[0]);
        Assert.StartsWith("渠渠", chunks[1]);
        Assert.EndsWith("…", chunks[1]);
        Assert.True(Encoding.UTF8.GetByteCount(chunks[1]) > 2040);
        Assert.Equal("结尾", chunks[2]);
        Assert.DoesNotContain('\uFFFD', string.Concat(chunks));
    }

    [Fact]
    public void Split_caps_the_number_of_messages()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 50).Select(i => new string('x', 1000) + i));

        var chunks = WeComMarkdown.Split(text, 2048, maxChunks: 3);

        Assert.Equal(3, chunks.Count);
        Assert.EndsWith("…", chunks[^1]);
    }

    [Fact]
    public void Markup_in_answer_text_is_neutralised()
    {
        var md = WeComMarkdown.Render(new Answer { Question = "q", Language = "en", Text = "<font color=\"warning\">fake</font>" });

        Assert.DoesNotContain("<font", md);
    }
}
