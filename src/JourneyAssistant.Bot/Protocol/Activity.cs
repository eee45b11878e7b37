using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyAssistant.Bot.Protocol;

/// <summary>Activity type names of the Bot Framework protocol that this bot understands.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
    public const string Event = "event";
}

/// <summary>A user, bot or channel account on a channel.</summary>
public sealed record ChannelAccount
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("role")] public string? Role { get; init; }
    [JsonPropertyName("aadObjectId")] public string? AadObjectId { get; init; }
}

/// <summary>The conversation an activity belongs to.</summary>
public sealed record ConversationAccount
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("isGroup")] public bool? IsGroup { get; init; }
    [JsonPropertyName("conversationType")] public string? ConversationType { get; init; }
    [JsonPropertyName("tenantId")] public string? TenantId { get; init; }
}

/// <summary>A card or file attached to an activity.</summary>
public sealed record Attachment
{
    [JsonPropertyName("contentType")] public required string ContentType { get; init; }
    [JsonPropertyName("content")] public object? Content { get; init; }
    [JsonPropertyName("contentUrl")] public string? ContentUrl { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary>
/// The Bot Framework Activity (protocol v3) as JSON. Only the fields this bot reads or writes are typed; anything else a
/// channel sends is kept in <see cref="Extra"/> so an echo (Direct Line) loses nothing.
/// </summary>
public sealed record Activity
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; init; }
    [JsonPropertyName("localTimestamp")] public DateTimeOffset? LocalTimestamp { get; init; }
    [JsonPropertyName("serviceUrl")] public string? ServiceUrl { get; init; }
    [JsonPropertyName("channelId")] public string? ChannelId { get; init; }
    [JsonPropertyName("from")] public ChannelAccount? From { get; init; }
    [JsonPropertyName("conversation")] public ConversationAccount? Conversation { get; init; }
    [JsonPropertyName("recipient")] public ChannelAccount? Recipient { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("textFormat")] public string? TextFormat { get; init; }
    [JsonPropertyName("locale")] public string? Locale { get; init; }
    [JsonPropertyName("inputHint")] public string? InputHint { get; init; }
    [JsonPropertyName("attachmentLayout")] public string? AttachmentLayout { get; init; }
    [JsonPropertyName("attachments")] public IReadOnlyList<Attachment>? Attachments { get; init; }
    [JsonPropertyName("membersAdded")] public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("value")] public JsonElement? Value { get; init; }
    [JsonPropertyName("replyToId")] public string? ReplyToId { get; init; }
    [JsonPropertyName("channelData")] public JsonElement? ChannelData { get; init; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>A reply to this activity: addresses swapped, same conversation and service URL, replyToId set.</summary>
    public Activity CreateReply(string type = ActivityTypes.Message) => new()
    {
        Type = type,
        Timestamp = DateTimeOffset.UtcNow,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = Recipient,
        Recipient = From,
        Conversation = Conversation,
        ReplyToId = Id,
        Locale = Locale,
    };
}

/// <summary>The JSON settings of the wire protocol: camelCase, nulls omitted.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese text stays readable on the wire and keeps cards small.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The answer to an invoke activity (HTTP body of the 200 response).</summary>
public sealed record InvokeResponse([property: JsonPropertyName("status")] int Status, [property: JsonPropertyName("body")] object? Body = null);

/// <summary>What the connector returns for a posted activity.</summary>
public sealed record ResourceResponse([property: JsonPropertyName("id")] string Id);
