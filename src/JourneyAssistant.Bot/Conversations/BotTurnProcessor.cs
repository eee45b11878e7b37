using System.Diagnostics;
using Activity = JourneyAssistant.Bot.Protocol.Activity;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Audit;
using JourneyAssistant.Bot.Cards;
using JourneyAssistant.Bot.Protocol;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Conversations;

/// <summary>What the endpoint answers the channel right away.</summary>
public enum TurnOutcome
{
    /// <summary>Work queued; the reply follows through the connector.</summary>
    Accepted,

    /// <summary>A type or content the bot does not act on.</summary>
    Ignored,

    /// <summary>A redelivery of an activity already handled.</summary>
    Duplicate,
}

/// <summary>One unit of background work: an activity to answer, with the question (or a ready-made reply).</summary>
public sealed record TurnWork(Activity Activity, string? Question, AnswerMessage? Ready, string? ChartBaseUrl);

/// <summary>
/// Turns inbound activities into replies. The endpoint acknowledges at once (channels allow ~15 s); the answer is
/// worked out on a bounded background queue, with a typing indicator, and sent through the connector when ready.
/// </summary>
public sealed class BotTurnProcessor
{
    private readonly Channel<TurnWork> _queue;
    private readonly DuplicateActivityFilter _duplicates;
    private readonly IConversationSender _sender;
    private readonly IAnalyst _analyst;
    private readonly AnswerCardBuilder _cards;
    private readonly ChartImages _charts;
    private readonly QuestionLog _log;
    private readonly BotOptions _options;
    private readonly ILogger<BotTurnProcessor> _logger;
    private readonly SubscriptionDesk? _subscriptions;

    public BotTurnProcessor(DuplicateActivityFilter duplicates, IConversationSender sender, IAnalyst analyst, AnswerCardBuilder cards,
        ChartImages charts, QuestionLog log, IOptions<BotOptions> options, ILogger<BotTurnProcessor> logger, IServiceProvider services)
    {
        // Present when the host added subscriptions (AddSubscriptions); "订阅周报" in Teams is answered by the desk, not the analyst.
        _subscriptions = services.GetService<SubscriptionDesk>();
        _duplicates = duplicates;
        _sender = sender;
        _analyst = analyst;
        _cards = cards;
        _charts = charts;
        _log = log;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<TurnWork>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    internal ChannelReader<TurnWork> Work => _queue.Reader;

    /// <summary>Checks and queues an authenticated activity. Never runs the analyst on the caller's thread.</summary>
    public TurnOutcome Accept(Activity activity, string? chartBaseUrl)
    {
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Invoke))
        {
            return TurnOutcome.Ignored;
        }

        if (activity.Conversation?.Id is null)
        {
            return TurnOutcome.Ignored;
        }

        if (!_duplicates.FirstDelivery(activity.ChannelId, activity.Conversation.Id, activity.Id))
        {
            return TurnOutcome.Duplicate;
        }

        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate:
                var joined = activity.MembersAdded?.Any(m => m.Id is not null && m.Id != activity.Recipient?.Id) ?? false;
                return joined ? Enqueue(new TurnWork(activity, null, Welcome(activity), chartBaseUrl)) : TurnOutcome.Ignored;

            case ActivityTypes.Invoke when activity.Name is not "adaptiveCard/action":
                return TurnOutcome.Ignored;
        }

        var question = QuestionOf(activity);
        if (string.IsNullOrWhiteSpace(question))
        {
            return TurnOutcome.Ignored;
        }

        if (Encoding.UTF8.GetByteCount(question) > _options.MaxQuestionBytes)
        {
            var zh = LooksChinese(question);
            var text = zh
                ? $"这个问题太长了（超过 {_options.MaxQuestionBytes / 1024} KB），我没有处理。请用一两句话提问，例如：“上周哪个渠道转化率最高？”"
                : $"That message is too long (over {_options.MaxQuestionBytes / 1024} KB), so I didn't run anything. Please ask in a sentence or two, e.g. \"Which channel converted best last week?\"";
            _log.Add(new QuestionRecord(DateTimeOffset.UtcNow, UserOf(activity), activity.ChannelId ?? "unknown", question[..200] + "…", null,
                new Dictionary<string, object?>(), null, 0, TimeSpan.Zero, "too_long", null));
            return Enqueue(new TurnWork(activity, null, new AnswerMessage(text, null), chartBaseUrl));
        }

        return Enqueue(new TurnWork(activity, question.Trim(), null, chartBaseUrl));
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

    private TurnOutcome Enqueue(TurnWork work)
    {
        if (_queue.Writer.TryWrite(work))
        {
            return TurnOutcome.Accepted;
        }

        // Queue full: say so instead of silently dropping the question.
        var zh = LooksChinese(work.Question ?? "");
        var busy = new AnswerMessage(zh ? "现在提问的人太多了，请稍后再试。" : "I'm busy right now; please try again in a moment.", null);
        _ = SendSafelyAsync(Reply(work.Activity, busy), CancellationToken.None);
        return TurnOutcome.Accepted;
    }

    /// <summary>Answers one queued turn (called by the workers).</summary>
    internal async Task ProcessAsync(TurnWork work, CancellationToken stoppingToken)
    {
        if (work.Ready is { } ready)
        {
            await SendSafelyAsync(Reply(work.Activity, ready), stoppingToken);
            return;
        }

        var activity = work.Activity;
        var question = work.Question!;
        var user = UserOf(activity);
        var started = Stopwatch.GetTimestamp();
        // The first typing indicator is not cancelled when the answer is ready (a cached answer can be ready within
        // milliseconds): the answer waits for it, so the user never sees "typing" arrive after the answer.
        var firstTyping = SendSafelyAsync(activity.CreateReply(ActivityTypes.Typing), stoppingToken);
        using var typing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var typingLoop = TypingAsync(activity, typing.Token);

        Answer answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_options.AnswerTimeout);
            var asked = new Question(question, user, activity.ChannelId ?? "unknown", activity.Conversation?.Id);
            var subscription = _subscriptions is not null && activity.ChannelId == ConversationReference.Teams
                ? await _subscriptions.TryHandleAsync(asked, TeamsProactiveSender.ReferenceOf(activity), timeout.Token)
                : null;
            answer = subscription ?? await _analyst.AskAsync(asked, timeout.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            var reference = NewReference();
            _logger.LogError(ex, "Answering failed (reference {Reference}) for {User} on {Channel}", reference, user, activity.ChannelId);
            answer = Apology(question, reference);
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
            await firstTyping;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        var message = _cards.Build(answer, _charts.Link(answer.Chart, work.ChartBaseUrl, _options.MaxInlineChartBytes));
        await SendSafelyAsync(Reply(activity, message), stoppingToken);
        _log.Add(new QuestionRecord(DateTimeOffset.UtcNow, user, activity.ChannelId ?? "unknown", question, answer.Skill, answer.Parameters,
            answer.Sql, answer.Rows.Count, duration, OutcomeCode(answer.Kind), answer.Reference));
    }

    /// <summary>A friendly apology with a reference id; the details stay in the log.</summary>
    public static Answer Apology(string question, string reference)
    {
        var zh = LooksChinese(question);
        return new Answer
        {
            Question = question,
            Language = zh ? "zh" : "en",
            Kind = AnswerKind.Failed,
            Text = zh
                ? $"抱歉，这个问题我暂时没能算出来。请稍后再试，或把参考编号 {reference} 告诉分析团队。"
                : $"Sorry, I couldn't work that out just now. Please try again later, or give the analytics team reference {reference}.",
            Reference = reference,
            RoutedBy = "none",
        };
    }

    public static string NewReference() => "BOT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task TypingAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.TypingInterval, cancellationToken);
                await SendSafelyAsync(activity.CreateReply(ActivityTypes.Typing), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The answer is ready.
        }
    }

    private static Activity Reply(Activity activity, AnswerMessage message)
    {
        var reply = activity.CreateReply();
        return message.Card is null
            ? reply with { Text = message.Text, TextFormat = "markdown" }
            : reply with { Attachments = [message.Card], Extra = new() { ["summary"] = JsonSerializer.SerializeToElement(message.Text[..Math.Min(message.Text.Length, 200)]) } };
    }

    private async Task SendSafelyAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            await _sender.SendAsync(activity, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not deliver a {Type} activity to conversation {Conversation}", activity.Type, activity.Conversation?.Id);
        }
    }

    private AnswerMessage Welcome(Activity activity)
    {
        var zh = activity.Locale is null || activity.Locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var welcome = new Answer
        {
            Question = "",
            Language = zh ? "zh" : "en",
            Kind = AnswerKind.Info,
            Text = zh
                ? $"你好，我是 {_options.Name}，可以用中文或英文问我客户旅程的问题。 Hi, I'm {_options.Name} — ask me about customer journeys in Chinese or English."
                : $"Hi, I'm {_options.Name} — ask me about customer journeys in English or Chinese. 你好，可以用中文提问。",
            FollowUps = zh
                ? ["哪个触点流失的用户最多？", "上周各渠道的转化率是多少？", "Which touchpoint loses the most users?"]
                : ["Which touchpoint loses the most users?", "What was the conversion rate by channel last week?", "哪个触点流失的用户最多？"],
            RoutedBy = "none",
        };
        return _cards.Build(welcome, null);
    }

    private static string UserOf(Activity activity) => activity.From?.AadObjectId ?? activity.From?.Id ?? "anonymous";

    /// <summary>Audit spelling of how a question ended: answered, not_understood, declined, failed, summary, info.</summary>
    public static string OutcomeCode(AnswerKind kind) => kind switch
    {
        AnswerKind.NotUnderstood => "not_understood",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static bool LooksChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');
}

/// <summary>The background workers that drain the turn queue.</summary>
public sealed class BotTurnWorker(BotTurnProcessor processor, IOptions<BotOptions> options, ILogger<BotTurnWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in processor.Work.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await processor.ProcessAsync(work, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad turn must not stop a worker; the cause is in the log.
                    logger.LogError(ex, "Turn {Id} in conversation {Conversation} failed", work.Activity.Id, work.Activity.Conversation?.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
