using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Bot.Subscriptions;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>Delivers answers to WeCom: app messages to a userid ("wecom") or a group robot webhook ("wecom-robot"), text first, then the chart, then (app messages) the exact SQL.</summary>
public sealed class WeComSender(WeComApiClient api, WeComRobotClient robot, ILogger<WeComSender> logger) : IProactiveSender
{
    public bool CanSend(ConversationReference reference) =>
        reference.Channel == ConversationReference.WeCom
        || (reference.Channel == ConversationReference.WeComRobot && !string.IsNullOrWhiteSpace(reference.WebhookUrl));

    public async Task SendAsync(ConversationReference reference, Answer answer, CancellationToken cancellationToken = default)
    {
        var markdown = WeComMarkdown.Render(answer);
        var chart = ReadChart(answer.Chart);
        if (reference.Channel == ConversationReference.WeComRobot)
        {
            await robot.SendMarkdownAsync(reference.WebhookUrl!, markdown, cancellationToken);
            if (chart is not null)
            {
                await robot.SendImageAsync(reference.WebhookUrl!, chart, cancellationToken);
            }

            return;
        }

        await api.SendMarkdownAsync(reference.User, markdown, cancellationToken);
        if (chart is not null)
        {
            await api.SendImageAsync(reference.User, chart, Path.GetFileName(answer.Chart!), cancellationToken);
        }

        if (WeComSqlMessage.For(answer) is { } sql)
        {
            await api.SendTextAsync(reference.User, sql, cancellationToken);
        }
    }

    private byte[]? ReadChart(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            logger.LogWarning("Answer chart {Path} does not exist; sending text only", path);
            return null;
        }

        return File.ReadAllBytes(path);
    }
}
