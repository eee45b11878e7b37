using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Audit;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.Conversations;

/// <summary>
/// The one turn pipeline of every channel. The adapter acknowledges its channel at once (Teams allows ~15 s, WeCom 5 s);
/// here a turn is de-duplicated, limited (UTF-8 bytes), queued, answered on a background worker (subscription commands
/// first, then the analyst, within <see cref="BotOptions.AnswerTimeout"/>), apologised for when that fails, written to
/// the <see cref="QuestionLog"/>, and sent back through the turn's <see cref="ITurnReply"/>.
/// </summary>
public sealed class TurnPipeline
{
    private const int LoggedQuestionChars = 200;

    private readonly Channel<Turn> _queue;
    private readonly DuplicateActivityFilter _duplicates;
    private readonly IAnalyst _analyst;
    private readonly QuestionLog _log;
    private readonly BotOptions _options;
    private readonly ILogger<TurnPipeline> _logger;
    private readonly SubscriptionDesk? _subscriptions;
    private long _accepted;

    /// <param name="subscriptions">Present when the host added subscriptions (AddSubscriptions): "订阅周报" is answered by the desk, not the analyst.</param>
    public TurnPipeline(DuplicateActivityFilter duplicates, IAnalyst analyst, QuestionLog log, IOptions<BotOptions> options,
        ILogger<TurnPipeline> logger, SubscriptionDesk? subscriptions = null)
    {
        _duplicates = duplicates;
        _analyst = analyst;
        _log = log;
        _options = options.Value;
        _logger = logger;
        _subscriptions = subscriptions;
        _queue = Channel.CreateBounded<Turn>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Turns taken on so far (queued, or answered "busy"): what a test counts to prove a refused request ran nothing.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    internal ChannelReader<Turn> Work => _queue.Reader;

    /// <summary>Checks and queues a turn from an authenticated message. Never runs the analyst on the caller's thread.</summary>
    public TurnOutcome Accept(Turn turn)
    {
        if (turn.Ready is null && string.IsNullOrWhiteSpace(turn.Text))
        {
            return TurnOutcome.Ignored;
        }

        if (!_duplicates.FirstDelivery(turn.Channel, turn.ConversationId, turn.DeliveryId))
        {
            return TurnOutcome.Duplicate;
        }

        if (turn.Ready is null && Encoding.UTF8.GetByteCount(turn.Text!) > _options.MaxQuestionBytes)
        {
            var question = turn.Text!;
            var logged = question.Length > LoggedQuestionChars ? question[..LoggedQuestionChars] + "…" : question;
            _log.Add(new QuestionRecord(DateTimeOffset.UtcNow, turn.User, turn.Channel, logged, null,
                new Dictionary<string, object?>(), null, 0, TimeSpan.Zero, "too_long", null));
            return Enqueue(turn with { Ready = turn.Wording.TooLong(question, _options.MaxQuestionBytes) });
        }

        return Enqueue(turn.Ready is null ? turn with { Text = turn.Text!.Trim() } : turn);
    }

    private TurnOutcome Enqueue(Turn turn)
    {
        Interlocked.Increment(ref _accepted);
        if (!_queue.Writer.TryWrite(turn))
        {
            // Queue full: say so instead of silently dropping the question.
            _ = SendSafelyAsync(turn, "busy reply", ct => turn.Reply.SendAsync(turn.Wording.Busy(turn.Text ?? ""), ct), CancellationToken.None);
        }

        return TurnOutcome.Accepted;
    }

    /// <summary>Answers one queued turn (called by the workers).</summary>
    internal async Task ProcessAsync(Turn turn, CancellationToken stoppingToken)
    {
        if (turn.Ready is { } ready)
        {
            await SendSafelyAsync(turn, "reply", ct => turn.Reply.SendAsync(ready, ct), stoppingToken);
            return;
        }

        var question = turn.Text!;
        var started = Stopwatch.GetTimestamp();
        // The first typing indicator is not cancelled when the answer is ready (a cached answer can be ready within
        // milliseconds): the answer waits for it, so the user never sees "typing" arrive after the answer.
        var firstTyping = SendSafelyAsync(turn, "typing indicator", turn.Reply.SendTypingAsync, stoppingToken);
        using var typing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var typingLoop = TypingAsync(turn, typing.Token);

        Answer answer;
        string? failure = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_options.AnswerTimeout);
            var asked = new Question(question, turn.User, turn.Channel, turn.ConversationId);
            var subscription = _subscriptions is not null && turn.Subscriber is { } destination
                ? await _subscriptions.TryHandleAsync(asked, destination, timeout.Token)
                : null;
            answer = subscription ?? await _analyst.AskAsync(asked, timeout.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            failure = NewReference();
            _logger.LogError(ex, "Answering failed (reference {Reference}) for {User} on {Channel}", failure, turn.User, turn.Channel);
            answer = turn.Wording.Apology(question, failure);
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
            await firstTyping;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        await SendSafelyAsync(turn, "answer", ct => turn.Reply.SendAsync(answer, ct), stoppingToken);
        // A channel may word its apology as plain information (WeCom): the record still says it failed, with the reference.
        _log.Add(new QuestionRecord(DateTimeOffset.UtcNow, turn.User, turn.Channel, question, answer.Skill, answer.Parameters,
            answer.Sql, answer.Rows.Count, duration, failure is null ? OutcomeCode(answer.Kind) : "failed", failure ?? answer.Reference));
    }

    public static string NewReference() => "BOT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>Audit spelling of how a question ended: answered, not_understood, declined, failed, summary, info.</summary>
    public static string OutcomeCode(AnswerKind kind) => kind switch
    {
        AnswerKind.NotUnderstood => "not_understood",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private async Task TypingAsync(Turn turn, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.TypingInterval, cancellationToken);
                await SendSafelyAsync(turn, "typing indicator", turn.Reply.SendTypingAsync, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The answer is ready.
        }
    }

    private async Task SendSafelyAsync(Turn turn, string what, Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await send(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not deliver a {What} to {Channel} conversation {Conversation}", what, turn.Channel, turn.ConversationId);
        }
    }
}

/// <summary>The background workers that drain the turn queue.</summary>
public sealed class TurnWorker(TurnPipeline pipeline, IOptions<BotOptions> options, ILogger<TurnWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var turn in pipeline.Work.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await pipeline.ProcessAsync(turn, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad turn must not stop a worker; the cause is in the log.
                    logger.LogError(ex, "Turn {Id} in {Channel} conversation {Conversation} failed", turn.DeliveryId, turn.Channel, turn.ConversationId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
