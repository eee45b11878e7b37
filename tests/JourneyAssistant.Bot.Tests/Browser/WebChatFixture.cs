using JourneyAssistant.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JourneyAssistant.Bot.Tests.Browser;

/// <summary>One real bot host (real analyst, default store) and one headless Debian Chromium, shared by the page tests; each test opens its own page, so its own conversation.</summary>
public sealed class WebChatFixture : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public BotHostFactory Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = BrowserHost.Create();
        _ = Host.BaseAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserHost.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A fresh page (new conversation) on /chat, not yet waited on: the caller decides what "ready" means.</summary>
    public async Task<IPage> OpenChatAsync(int width, int height, string locale = "zh-CN", Func<IPage, Task>? beforeLoad = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }

        await page.GotoAsync(new Uri(Host.BaseAddress, "/chat").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        return page;
    }
}
