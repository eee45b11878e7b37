using JourneyAssistant.Bot.Tests.Infrastructure;

namespace JourneyAssistant.Bot.Tests;

/// <summary>The chat page's own files over real HTTP on loopback.</summary>
public sealed class ChatPageAssetTests
{
    [Fact]
    public async Task Favicon_is_served_as_an_icon_image()
    {
        await using var host = new BotHostFactory(analyst: new ScriptedAnalyst());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await http.GetAsync("/favicon.ico");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // the ICO header: reserved 0, type 1 (icon)
    }
}
