using Microsoft.Playwright;

namespace JourneyAssistant.Bot.Tests.Browser;

/// <summary>What a person does and sees on /chat, in Web Chat's own DOM terms.</summary>
public sealed class ChatPage(IPage page)
{
    public IPage Page => page;

    public ILocator Input => page.Locator("[data-id='webchat-sendbox-input']");

    public ILocator Cards => page.Locator(".ac-adaptiveCard");

    public ILocator UserBubbles => page.Locator(".webchat__bubble--from-user");

    /// <summary>Types the question and sends it with Enter, then waits for one more card than before.</summary>
    public async Task<ILocator> AskAsync(string question)
    {
        var before = await Cards.CountAsync();
        await Input.FillAsync(question, new LocatorFillOptions { Timeout = 60_000 });
        await Input.PressAsync("Enter");
        return await NextCardAsync(before);
    }

    /// <summary>Waits until there are more than <paramref name="before"/> cards and returns the newest.</summary>
    public async Task<ILocator> NextCardAsync(int before)
    {
        await page.WaitForFunctionAsync("n => document.querySelectorAll('.ac-adaptiveCard').length > n", before, new PageWaitForFunctionOptions { Timeout = 90_000 });
        return Cards.Last;
    }

    /// <summary>True when the element's box lies wholly inside the viewport (what a person can see without scrolling the page).</summary>
    public Task<bool> IsInViewportAsync(ILocator element) =>
        element.EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }");

    /// <summary>The element's box and the window's size, for a failure message.</summary>
    public Task<string> BoxAsync(ILocator element) =>
        element.EvaluateAsync<string>("e => { const r = e.getBoundingClientRect(); return `top ${r.top} bottom ${r.bottom} left ${r.left} right ${r.right} in ${window.innerWidth}x${window.innerHeight}`; }");
}
