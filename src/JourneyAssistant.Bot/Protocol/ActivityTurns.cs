using System.Text.Json;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>
/// The channel adapter of Bot Framework activities (Teams through /api/messages, Web Chat through the local Direct
/// Line): reads the question of an authenticated activity, greets new members, and replies with answer cards.
/// </summary>
public sealed class ActivityTurns(TurnPipeline pipeline, IConversationSender sender, AnswerCardBuilder cards, ChartImages charts, IOptions<BotOptions> options)
{
    /// <summary>Hands an authenticated activity to the pipeline; chart links in the answer go under <paramref name="chartBaseUrl"/>.</summary>
    public TurnOutcome Accept(Activity activity, string? chartBaseUrl)
    {
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Invoke) || activity.Conversation?.Id is null)
        {
            return TurnOutcome.Ignored;
        }

        var turn = new Turn
        {
            Channel = activity.ChannelId ?? "unknown",
            User = activity.From?.AadObjectId ?? activity.From?.Id ?? "anonymous",
            ConversationId = activity.Conversation.Id,
            DeliveryId = activity.Id,
            // "订阅周报" in Teams subscribes this conversation; Web Chat has no proactive messages.
            Subscriber = activity.ChannelId == ConversationReference.Teams ? TeamsProactiveSender.ReferenceOf(activity) : null,
            Reply = new ActivityReply(activity, chartBaseUrl, sender, cards, charts, options.Value.MaxInlineChartBytes),
        };

        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate:
                var joined = activity.MembersAdded?.Any(m => m.Id is not null && m.Id != activity.Recipient?.Id) ?? false;
                return joined ? pipeline.Accept(turn with { Ready = Welcome(activity) }) : TurnOutcome.Ignored;

            case ActivityTypes.Invoke when activity.Name is not "adaptiveCard/action":
                return TurnOutcome.Ignored;
        }

        return pipeline.Accept(turn with { Text = QuestionOf(activity) });
    }

    /// <summary>The question in a message (its text, or the data of a card's Action.Submit) or an adaptiveCard/action invoke.</summary>
    public static string? QuestionOf(Activity activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.Text))
        {
            return activity.Text;
        }

        if (activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        // Action.Submit sends the data as the value; Action.Execute (invoke) nests it under action.data.
        if (value.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
            && action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            value = data;
        }

        return value.TryGetProperty(AnswerCardBuilder.QuestionKey, out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
    }

    private Answer Welcome(Activity activity)
    {
        var name = options.Value.Name;
        var zh = activity.Locale is null || activity.Locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        return new Answer
        {
            Question = "",
            Language = zh ? "zh" : "en",
            Kind = AnswerKind.Info,
            Text = zh
                ? $"你好，我是 {name}，可以用中文或英文问我客户旅程的问题。 Hi, I'm {name} — ask me about customer journeys in Chinese or English."
                : $"Hi, I'm {name} — ask me about customer journeys in English or Chinese. 你好，可以用中文提问。",
            FollowUps = zh
                ? ["哪个触点流失的用户最多？", "上周各渠道的转化率是多少？", "Which touchpoint loses the most users?"]
                : ["Which touchpoint loses the most users?", "What was the conversion rate by channel last week?", "哪个触点流失的用户最多？"],
            RoutedBy = "none",
        };
    }
}

/// <summary>A reply to one activity: the answer card (or text) and typing indicators, through the channel's connector.</summary>
public sealed class ActivityReply(Activity activity, string? chartBaseUrl, IConversationSender sender, AnswerCardBuilder cards, ChartImages charts, int maxInlineChartBytes)
    : ITurnReply
{
    public Task SendAsync(Answer answer, CancellationToken cancellationToken)
    {
        var message = cards.Build(answer, charts.Link(answer.Chart, chartBaseUrl, maxInlineChartBytes));
        var reply = activity.CreateReply();
        reply = message.Card is null
            ? reply with { Text = message.Text, TextFormat = "markdown" }
            : reply with { Attachments = [message.Card], Extra = new() { ["summary"] = JsonSerializer.SerializeToElement(message.Text[..Math.Min(message.Text.Length, 200)]) } };
        return sender.SendAsync(reply, cancellationToken);
    }

    public Task SendTypingAsync(CancellationToken cancellationToken) => sender.SendAsync(activity.CreateReply(ActivityTypes.Typing), cancellationToken);
}
