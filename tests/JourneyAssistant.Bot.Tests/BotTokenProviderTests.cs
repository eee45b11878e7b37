using JourneyAssistant.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Tests;

public sealed class BotTokenProviderTests
{
    [Fact]
    public void Multi_tenant_bots_get_tokens_from_the_botframework_tenant_and_single_tenant_bots_from_their_own()
    {
        var multi = new BotFrameworkOptions { AppId = "app", AppType = "MultiTenant", TenantId = "contoso-tenant" };
        var single = new BotFrameworkOptions { AppId = "app", AppType = "SingleTenant", TenantId = "contoso-tenant" };

        Assert.Equal("botframework.com", multi.AuthorityTenant);
        Assert.Equal("contoso-tenant", single.AuthorityTenant);
    }

    [Fact]
    public async Task Without_an_app_id_no_outbound_token_is_requested()
    {
        var provider = new MsalBotTokenProvider(Options.Create(new BotFrameworkOptions()));

        Assert.Null(await provider.GetTokenAsync(CancellationToken.None));
    }
}
