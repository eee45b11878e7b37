using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>
/// Proactive Teams messages: posts the answer card to the stored serviceUrl + conversation through the Bot Framework
/// part's <see cref="Protocol.IConversationSender"/>. Resolves that part lazily, so hosts without Bot Framework still start.
/// </summary>
public sealed class TeamsProactiveSender(IServiceProvider services) : IProactiveSender
{
    /// <summary>The subscription reference of an incoming Teams activity: serviceUrl, conversation, AAD user, tenant, bot.</summary>
    public static ConversationReference ReferenceOf(Activity activity) => new()
    {
        Channel = activity.ChannelId ?? ConversationReference.Teams,
        User = activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown",
        ConversationId = activity.Conversation?.Id,
        ServiceUrl = activity.ServiceUrl,
        TenantId = activity.Conversation?.TenantId,
        BotId = activity.Recipient?.Id,
    };

    public bool CanSend(ConversationReference reference) =>
        reference.Channel == ConversationReference.Teams && !string.IsNullOrWhiteSpace(reference.ServiceUrl) && !string.IsNullOrWhiteSpace(reference.ConversationId);

    public async Task SendAsync(ConversationReference reference, Answer answer, CancellationToken cancellationToken = default)
    {
        var sender = services.GetService<Protocol.IConversationSender>()
            ?? throw new InvalidOperationException("Teams delivery needs the Bot Framework part (AddBotConversations/AddBotFramework).");
        var cards = services.GetRequiredService<AnswerCardBuilder>();
        var maxInline = services.GetService<IOptions<BotOptions>>()?.Value.MaxInlineChartBytes ?? 48 * 1024;
        var message = cards.Build(answer, ChartImages.Inline(answer.Chart, maxInline));

        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ServiceUrl = reference.ServiceUrl,
            ChannelId = reference.Channel,
            From = new ChannelAccount { Id = reference.BotId },
            Recipient = new ChannelAccount { Id = reference.User, AadObjectId = reference.User },
            Conversation = new ConversationAccount { Id = reference.ConversationId, TenantId = reference.TenantId },
            Locale = Languages.FromCode(answer.Language) == Language.Zh ? "zh-CN" : "en-US",
        };
        activity = message.Card is null
            ? activity with { Text = message.Text, TextFormat = "markdown" }
            : activity with
            {
                Attachments = [message.Card],
                Extra = new() { ["summary"] = JsonSerializer.SerializeToElement(message.Text[..Math.Min(message.Text.Length, 200)]) },
            };
        await sender.SendAsync(activity, cancellationToken);
    }
}
