using System.Net;
using JourneyAssistant.Bot.Tests.Infrastructure;

namespace JourneyAssistant.Bot.Tests;

public sealed class AuditPageTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    private async Task AskAsync(string question)
    {
        var client = new DirectLineClient(fixture.Client);
        await client.StartAsync();
        var id = await client.SendAsync(question);
        await client.WaitForReplyAsync(id, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Audit_page_is_refused_without_the_analyst_key()
    {
        // A fresh client: no cookie from another test's successful key.
        using var client = new HttpClient { BaseAddress = fixture.Client.BaseAddress };
        using var page = await client.GetAsync("/audit");
        using var csv = await client.GetAsync("/audit.csv");
        using var wrong = await client.GetAsync("/audit?key=guess");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, csv.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Audit_page_lists_questions_with_skill_sql_and_outcome_and_filters_by_skill()
    {
        await AskAsync("哪个触点流失的用户最多？");
        await AskAsync("上周各渠道的订单数是多少？");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/audit?skill=touchpoint_dropoff");
        request.Headers.Add("X-Audit-Key", DirectLineFixture.AuditKey);
        using var response = await fixture.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("touchpoint_dropoff", html);
        Assert.Contains("哪个触点流失的用户最多？", html);
        Assert.Contains("SELECT touchpoint", html);
        Assert.Contains("period_start", html);
        Assert.Contains(">answered<", html);
        Assert.DoesNotContain("channel_conversion", html);
    }

    [Fact]
    public async Task Audit_csv_export_has_one_row_per_question_and_the_key_sets_a_cookie()
    {
        await AskAsync("上周各渠道的订单数是多少？");

        using var first = await fixture.Client.GetAsync($"/audit.csv?key={DirectLineFixture.AuditKey}&skill=channel_conversion");
        var csv = await first.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/csv", first.Content.Headers.ContentType!.MediaType);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,user,channel,question,skill,parameters,sql,rows,duration_ms,outcome,reference", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Contains(",channel_conversion,", l));
        Assert.Contains(lines, l => l.Contains("上周各渠道的订单数是多少？") && l.Contains(",directline,"));
        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("journey_audit=") && c.Contains("httponly"));
    }
}
