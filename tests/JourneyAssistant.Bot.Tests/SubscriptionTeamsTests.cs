using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyAssistant.Bot.Tests;

/// <summary>Proactive Teams delivery of a subscription goes to the stored serviceUrl and conversation.</summary>
public sealed class SubscriptionTeamsTests
{
    [Fact]
    public async Task Teams_summary_is_posted_to_the_stored_service_url_and_conversation()
    {
        var recorder = new RecordingConversationSender();
        using var services = new ServiceCollection()
            .AddSingleton<Protocol.IConversationSender>(recorder)
            .AddSingleton<AnswerCardBuilder>()
            .BuildServiceProvider();
        var sender = new TeamsProactiveSender(services);
        var incoming = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/apac/",
            From = new ChannelAccount { Id = "29:user", AadObjectId = "aad-123" },
            Recipient = new ChannelAccount { Id = "28:bot" },
            Conversation = new ConversationAccount { Id = "a:conv-1", TenantId = "tenant-9" },
        };
        var reference = TeamsProactiveSender.ReferenceOf(incoming);

        Assert.True(sender.CanSend(reference));
        await sender.SendAsync(reference, new Answer { Question = "weekly summary", Language = "en", Kind = AnswerKind.Summary, Text = "Orders rose 8% week on week." });

        var sent = Assert.Single(recorder.Sent);
        Assert.Equal(("https://smba.trafficmanager.net/apac/", "a:conv-1", "tenant-9", "28:bot", "aad-123"),
            (sent.ServiceUrl, sent.Conversation!.Id, sent.Conversation.TenantId, sent.From!.Id, sent.Recipient!.Id));
        Assert.Null(sent.ReplyToId);
        Assert.Equal(AdaptiveCard.ContentType, Assert.Single(sent.Attachments!).ContentType);
        Assert.False(sender.CanSend(reference with { ServiceUrl = null }));
    }

    private sealed class RecordingConversationSender : Protocol.IConversationSender
    {
        public List<Activity> Sent { get; } = [];

        public Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            Sent.Add(activity);
            return Task.FromResult<ResourceResponse?>(new ResourceResponse("1"));
        }
    }
}
