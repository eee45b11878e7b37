namespace JourneyAssistant.Bot.Protocol;

/// <summary>
/// Sends a bot activity back to a channel. One implementation per transport (Bot Connector REST, local Direct Line,
/// WeCom…); the official Bot Framework SDK's connector client could replace the REST one behind this interface.
/// </summary>
public interface IChannelConnector
{
    /// <summary>True when this connector delivers activities for <paramref name="activity"/>'s channel / service URL.</summary>
    bool Handles(Activity activity);

    /// <summary>Delivers the activity (a reply when ReplyToId is set).</summary>
    Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>Routes an outgoing activity to the first connector that handles it.</summary>
public interface IConversationSender
{
    Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>Picks the connector for each activity; connectors registered later (e.g. WeCom) take precedence over the REST fallback.</summary>
public sealed class ConversationSender(IEnumerable<IChannelConnector> connectors) : IConversationSender
{
    private readonly IReadOnlyList<IChannelConnector> _connectors = connectors.Reverse().ToList();

    public Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var connector = _connectors.FirstOrDefault(c => c.Handles(activity))
            ?? throw new InvalidOperationException($"No connector delivers to channel '{activity.ChannelId}' at '{activity.ServiceUrl}'.");
        return connector.SendAsync(activity, cancellationToken);
    }
}
