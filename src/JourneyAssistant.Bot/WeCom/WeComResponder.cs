using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using JourneyAssistant.Store.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// Works through queued WeCom messages in the background: text becomes a question (subscription commands first, then
/// the analyst), enter_agent gets a welcome, anything else a polite "text only"; replies go out through the active send API.
/// </summary>
public sealed class WeComResponder(
    WeComInbox inbox,
    IServiceProvider services,
    WeComSender sender,
    IOptions<WeComOptions> options,
    ILogger<WeComResponder> logger) : BackgroundService
{
    /// <summary>The channel name questions from WeCom carry.</summary>
    public const string ChannelName = "wecom";

    private const int MaxConcurrent = 4;

    internal static readonly LocalizedText Welcome = new(
        "你好！我是客户旅程分析助手，直接用中文或英文提问即可，例如：\n- 上周各渠道的转化率是多少？\n- 本月哪个环节流失最多？\n- 订阅周报（每周一早上 9 点推送）\n\nHi! Ask me about customer journeys in Chinese or English, e.g. \"conversion by channel last week\" or \"subscribe to the weekly summary\".",
        "");

    internal static readonly LocalizedText TextOnly = new("目前只支持文字提问 / text only for now", "");

    internal static readonly LocalizedText TooLong = new(
        "问题太长了，请用一两句话提问。/ That question is too long — please ask in a sentence or two.", "");

    internal static readonly LocalizedText Apology = new(
        "抱歉，处理你的问题时出错了，请稍后再试。/ Sorry, something went wrong answering that; please try again later.", "");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrent);
        var running = new List<Task>();
        try
        {
            await foreach (var message in inbox.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await HandleAsync(message, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }

    /// <summary>Handles one message; never throws (a failure is logged and, where possible, apologised for).</summary>
    public async Task HandleAsync(WeComInboundMessage message, CancellationToken cancellationToken)
    {
        var reference = new ConversationReference
        {
            Channel = ConversationReference.WeCom,
            User = message.FromUserName,
            ConversationId = $"{ChannelName}:{message.FromUserName}",
        };

        try
        {
            switch (message.MsgType)
            {
                case "text":
                    await AnswerAsync(message, reference, cancellationToken);
                    break;
                case "event" when message.Event == "enter_agent":
                    await sender.SendAsync(reference, Info(Welcome.Zh, "zh"), cancellationToken);
                    break;
                case "event":
                    logger.LogDebug("WeCom event {Event} from {User} ignored", message.Event, message.FromUserName);
                    break;
                default:
                    logger.LogInformation("WeCom {Type} message from {User}: text only", message.MsgType, message.FromUserName);
                    await sender.SendAsync(reference, Info(TextOnly.Zh, "zh"), cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "WeCom message {Key} from {User} failed", message.DeduplicationKey, message.FromUserName);
            try
            {
                await sender.SendAsync(reference, Info(Apology.Zh, "zh"), cancellationToken);
            }
            catch (Exception sendFailure) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(sendFailure, "WeCom apology to {User} could not be sent", message.FromUserName);
            }
        }
    }

    private async Task AnswerAsync(WeComInboundMessage message, ConversationReference reference, CancellationToken cancellationToken)
    {
        var text = message.Content?.Trim() ?? "";
        if (text.Length == 0)
        {
            return;
        }

        if (text.Length > options.Value.MaxQuestionChars)
        {
            logger.LogInformation("WeCom question of {Length} characters from {User} refused as too long", text.Length, message.FromUserName);
            await sender.SendAsync(reference, Info(TooLong.Zh, Languages.Detect(text).Code()), cancellationToken);
            return;
        }

        // The chat identity is the question's User, so the person's role map and row filters apply downstream.
        var question = new Question(text, message.FromUserName, ChannelName, reference.ConversationId);

        if (services.GetService<SubscriptionDesk>() is { } desk)
        {
            var destination = MentionsGroup(text) && !string.IsNullOrWhiteSpace(options.Value.RobotWebhookUrl)
                ? reference with { Channel = ConversationReference.WeComRobot, WebhookUrl = options.Value.RobotWebhookUrl, ConversationId = "wecom-robot" }
                : reference;
            if (await desk.TryHandleAsync(question, destination, cancellationToken) is { } handled)
            {
                await sender.SendAsync(reference, handled, cancellationToken);
                return;
            }
        }

        var analyst = services.GetRequiredService<IAnalyst>();
        var answer = await analyst.AskAsync(question, cancellationToken);
        await sender.SendAsync(reference, answer, cancellationToken);
    }

    // "订阅周报到群" / "subscribe the group to the weekly summary": deliver through the configured group robot.
    private static bool MentionsGroup(string text) =>
        text.Contains("群", StringComparison.Ordinal) || text.Contains("group", StringComparison.OrdinalIgnoreCase);

    private static Answer Info(string text, string language) => new()
    {
        Question = "",
        Language = language,
        Kind = AnswerKind.Info,
        Text = text,
        RoutedBy = "none",
    };
}
