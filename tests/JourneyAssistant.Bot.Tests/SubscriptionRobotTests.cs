using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Bot.Tests;

/// <summary>"订阅周报到群" from WeCom subscribes the configured group robot, and the scheduler delivers through its webhook.</summary>
public sealed class SubscriptionRobotTests
{
    [Fact]
    public async Task Group_subscription_from_wecom_is_delivered_through_the_group_robot()
    {
        // Sunday 2026-11-22 12:00 Shanghai.
        await using var host = await WeComTestHost.StartAsync(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero));

        await host.PostAsync(WeComTestHost.TextMessage("teamlead", "订阅周报到群", "r1"));
        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Count == 1, "the confirmation");
        var stored = Assert.Single(await host.Services.GetRequiredService<SubscriptionStore>().ListAsync());
        Assert.Equal((ConversationReference.WeComRobot, host.Api.RobotWebhookUrl), (stored.Reference.Channel, stored.Reference.WebhookUrl));
        Assert.Equal("teamlead", host.Api.Sent.Single().To); // the confirmation goes to the person who asked

        host.Time.Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(1)); // Monday 09:01
        await host.Services.GetRequiredService<WeeklySummaryScheduler>().RunDueAsync();

        await WeComTestHost.WaitUntilAsync(() => host.Api.Sent.Any(m => m.To == "robot"), "the robot summary");
        var summary = host.Api.Sent.Single(m => m.To == "robot");
        Assert.Equal("markdown", summary.Type);
        Assert.StartsWith("## 每周旅程周报", summary.Content);
        Assert.Empty(host.Api.Violations);
    }
}
