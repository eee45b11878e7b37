using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Conversations;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// The WeCom channel adapter: a decrypted callback message becomes a turn of the <see cref="TurnPipeline"/> (text is a
/// question, enter_agent gets a welcome, anything else a polite "text only"); replies go out through the active send API.
/// </summary>
public sealed class WeComTurns(TurnPipeline pipeline, WeComSender sender, IOptions<WeComOptions> options, ILogger<WeComTurns> logger)
{
    /// <summary>The channel name questions from WeCom carry.</summary>
    public const string ChannelName = "wecom";

    internal static readonly LocalizedText Welcome = new(
        "你好！我是客户旅程分析助手，直接用中文或英文提问即可，例如：\n- 上周各渠道的转化率是多少？\n- 本月哪个环节流失最多？\n- 订阅周报（每周一早上 9 点推送）\n\nHi! Ask me about customer journeys in Chinese or English, e.g. \"conversion by channel last week\" or \"subscribe to the weekly summary\".",
        "");

    internal static readonly LocalizedText TextOnly = new("目前只支持文字提问 / text only for now", "");

    /// <summary>Hands a message to the pipeline; WeCom's retries of a callback (same MsgId, or sender + time + event) come back as duplicates.</summary>
    public TurnOutcome Accept(WeComInboundMessage message)
    {
        var reference = new ConversationReference
        {
            Channel = ConversationReference.WeCom,
            User = message.FromUserName,
            ConversationId = $"{ChannelName}:{message.FromUserName}",
        };

        // The chat identity is the question's User, so the person's role map and row filters apply downstream.
        var turn = new Turn
        {
            Channel = ChannelName,
            User = message.FromUserName,
            ConversationId = reference.ConversationId,
            DeliveryId = message.DeduplicationKey,
            Wording = WeComWording.Instance,
            Reply = new WeComReply(sender, reference),
        };

        switch (message.MsgType)
        {
            case "text":
                return pipeline.Accept(turn with { Text = message.Content, Subscriber = SubscriberFor(message.Content ?? "", reference) });
            case "event" when message.Event == "enter_agent":
                return pipeline.Accept(turn with { Ready = WeComWording.Info(Welcome.Zh, Language.Zh) });
            case "event":
                logger.LogDebug("WeCom event {Event} from {User} ignored", message.Event, message.FromUserName);
                return TurnOutcome.Ignored;
            default:
                logger.LogInformation("WeCom {Type} message from {User}: text only", message.MsgType, message.FromUserName);
                return pipeline.Accept(turn with { Ready = WeComWording.Info(TextOnly.Zh, Language.Zh) });
        }
    }

    // "订阅周报到群" / "subscribe the group to the weekly summary": deliver through the configured group robot.
    private ConversationReference SubscriberFor(string text, ConversationReference reference) =>
        MentionsGroup(text) && !string.IsNullOrWhiteSpace(options.Value.RobotWebhookUrl)
            ? reference with { Channel = ConversationReference.WeComRobot, WebhookUrl = options.Value.RobotWebhookUrl, ConversationId = "wecom-robot" }
            : reference;

    private static bool MentionsGroup(string text) =>
        text.Contains("群", StringComparison.Ordinal) || text.Contains("group", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A reply to one WeCom user: app messages through <see cref="WeComSender"/>; WeCom has no typing indicator.</summary>
public sealed class WeComReply(WeComSender sender, ConversationReference reference) : ITurnReply
{
    public Task SendAsync(Answer answer, CancellationToken cancellationToken) => sender.SendAsync(reference, answer, cancellationToken);

    public Task SendTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>WeCom's wording of the pipeline's replies: short bilingual notices (the reference of a failure stays in the log).</summary>
public sealed class WeComWording : ITurnWording
{
    public static WeComWording Instance { get; } = new();

    internal static readonly LocalizedText TooLongText = new(
        "问题太长了，请用一两句话提问。/ That question is too long — please ask in a sentence or two.", "");

    internal static readonly LocalizedText ApologyText = new(
        "抱歉，处理你的问题时出错了，请稍后再试。/ Sorry, something went wrong answering that; please try again later.", "");

    public Answer TooLong(string question, int maxBytes) => Info(TooLongText.Zh, Languages.Detect(question));

    public Answer Busy(string question) => StandardTurnWording.Instance.Busy(question);

    public Answer Apology(string question, string reference) => Info(ApologyText.Zh, Language.Zh);

    internal static Answer Info(string text, Language language) => Answer.Message(AnswerKind.Info, language, text);
}
