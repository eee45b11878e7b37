using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Audit;
using JourneyAssistant.Bot.Tests.Infrastructure;
using JourneyAssistant.Store.Dictionary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JourneyAssistant.Bot.Tests;

/// <summary>
/// The product's main path in a real browser: headless Chromium (Debian's /usr/bin/chromium) opens /chat, which runs
/// the official Web Chat bundle against the host's Direct Line endpoint; a Chinese question gets a card with the chart,
/// and a follow-up button asks the next question.
/// </summary>
public sealed class WebChatBrowserTests : IAsyncLifetime
{
    private const string Question = "哪个触点流失的用户最多？";
    private BotHostFactory _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public static string ArtifactFolder => Path.Combine(Testing.RepoPaths.Root, "artifacts", "bot-e2e");

    public async Task InitializeAsync()
    {
        _host = BrowserHost.Create();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserHost.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>The touchpoint (its Chinese dictionary label) the analyst itself names for the question, so the browser must show the same.</summary>
    private async Task<(string Touchpoint, string? Skill)> ExpectedAsync()
    {
        var answer = await _host.Services.GetRequiredService<IAnalyst>().AskAsync(new Question(Question, "e2e", "test"));
        var labels = _host.Services.GetRequiredService<IJourneyDictionary>().Entries(DictionaryKind.Touchpoint)
            .Select(t => t.Label.Zh).OrderByDescending(l => l.Length);
        var touchpoint = labels.FirstOrDefault(l => answer.Text.Contains(l, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The analyst's answer names no touchpoint: {answer.Text}");
        return (touchpoint, answer.Skill);
    }

    [Fact]
    public async Task Chinese_question_in_web_chat_gets_the_touchpoint_and_a_chart_then_a_follow_up_answers()
    {
        Directory.CreateDirectory(ArtifactFolder);
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1000, Height = 1400 } });
        var failedRequests = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failedRequests.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync(new Uri(_host.BaseAddress, "/chat").ToString());
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await input.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await input.FillAsync(Question);
        await input.PressAsync("Enter");

        // The answer card: a bot activity whose text names the touchpoint, with the chart image loaded.
        var answer = page.Locator(".webchat__basic-transcript__activity").Filter(new LocatorFilterOptions { Has = page.Locator(".ac-adaptiveCard img") });
        await answer.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        var answerText = await answer.First.InnerTextAsync();
        var (expected, skill) = await ExpectedAsync();
        Assert.Contains(expected, answerText);
        var image = answer.First.Locator(".ac-adaptiveCard img").First;
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await image.ElementHandleAsync(), new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "webchat-answer.png"), FullPage = true });

        // Follow-up: the first Action.Submit button of the answer card asks the next question.
        var cardsBefore = await page.Locator(".ac-adaptiveCard").CountAsync();
        var followUp = answer.First.Locator(".ac-pushButton").First;
        var followUpTitle = (await followUp.InnerTextAsync()).Trim();
        Assert.NotEqual("查看 SQL / Show SQL", followUpTitle);
        await followUp.ClickAsync();
        await page.WaitForFunctionAsync($"n => document.querySelectorAll('.ac-adaptiveCard').length > n", cardsBefore, new PageWaitForFunctionOptions { Timeout = 60_000 });
        // The clicked follow-up reads as the user's own question, in the user's bubble, above its answer.
        var asked = page.Locator(".webchat__bubble--from-user").Filter(new LocatorFilterOptions { HasText = followUpTitle });
        Assert.Equal(1, await asked.CountAsync());
        var last = page.Locator(".ac-adaptiveCard").Last;
        var secondText = await last.InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(secondText));
        Assert.NotEqual(answerText, secondText);
        var log = await _host.Services.GetRequiredService<QuestionLog>().QueryAsync(new AuditFilter(), CancellationToken.None);
        Assert.Contains(log, r => r.Question == followUpTitle && r.Channel == "directline");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "webchat-follow-up.png"), FullPage = true });
        Assert.Empty(failedRequests);

        // The analysts' audit page shows the question with the skill that ran.
        await page.GotoAsync(new Uri(_host.BaseAddress, $"/audit?key={BrowserHost.AuditKey}&skill={skill}&limit=20").ToString());
        var audit = await page.Locator("table").InnerTextAsync();
        Assert.Contains(Question, audit);
        Assert.Contains(skill ?? "?", audit);
        Assert.Contains("directline", audit);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "audit.png") });
    }
}
