using System.Text.Json.Serialization;

namespace JourneyAssistant.Bot.Cards;

/// <summary>An Adaptive Card (schema ≤ 1.5, what Teams renders). Only the elements the answer card uses are modelled.</summary>
public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    [JsonPropertyName("type")] public string Type => "AdaptiveCard";
    [JsonPropertyName("$schema")] public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";
    [JsonPropertyName("version")] public string Version { get; init; } = "1.5";
    [JsonPropertyName("lang")] public string? Lang { get; init; }
    [JsonPropertyName("fallbackText")] public string? FallbackText { get; init; }
    [JsonPropertyName("body")] public IReadOnlyList<CardElement> Body { get; init; } = [];
    [JsonPropertyName("actions")] public IReadOnlyList<CardAction> Actions { get; init; } = [];
}

/// <summary>A body element of a card.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
public abstract record CardElement
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("isVisible")] public bool? IsVisible { get; init; }
    [JsonPropertyName("spacing")] public string? Spacing { get; init; }
    [JsonPropertyName("separator")] public bool? Separator { get; init; }
}

/// <summary>Text (a subset of Markdown is allowed by hosts).</summary>
public sealed record TextBlock(
    [property: JsonPropertyName("text")] string Text) : CardElement
{
    [JsonPropertyName("wrap")] public bool Wrap { get; init; } = true;
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("weight")] public string? Weight { get; init; }
    [JsonPropertyName("isSubtle")] public bool? IsSubtle { get; init; }
    [JsonPropertyName("fontType")] public string? FontType { get; init; }
}

/// <summary>
/// Text shown as given: hosts apply no Markdown to the runs of a RichTextBlock (a TextBlock would merge line breaks,
/// turn `--` into a dash and eat the asterisks of count(*)).
/// </summary>
public sealed record RichTextBlock([property: JsonPropertyName("inlines")] IReadOnlyList<TextRun> Inlines) : CardElement;

/// <summary>One run of a RichTextBlock.</summary>
public sealed record TextRun([property: JsonPropertyName("text")] string Text)
{
    [JsonPropertyName("type")] public string Type => "TextRun";
    [JsonPropertyName("fontType")] public string? FontType { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
}

/// <summary>One title/value pair of a FactSet.</summary>
public sealed record Fact([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("value")] string Value);

/// <summary>Key numbers as title/value pairs.</summary>
public sealed record FactSet([property: JsonPropertyName("facts")] IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>An image by URL (https or a data: URI).</summary>
public sealed record Image([property: JsonPropertyName("url")] string Url) : CardElement
{
    [JsonPropertyName("altText")] public string? AltText { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
}

/// <summary>A group of elements, hidden or shown together.</summary>
public sealed record Container([property: JsonPropertyName("items")] IReadOnlyList<CardElement> Items) : CardElement;

/// <summary>Buttons inside the body.</summary>
public sealed record ActionSet([property: JsonPropertyName("actions")] IReadOnlyList<CardAction> Actions) : CardElement;

/// <summary>A card button.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
public abstract record CardAction([property: JsonPropertyName("title")] string Title);

/// <summary>Posts <see cref="Data"/> back to the bot as the activity's value.</summary>
public sealed record SubmitAction(string Title, [property: JsonPropertyName("data")] object Data) : CardAction(Title);

/// <summary>Shows/hides the elements with the given ids, client-side.</summary>
public sealed record ToggleVisibilityAction(string Title, [property: JsonPropertyName("targetElements")] IReadOnlyList<string> TargetElements) : CardAction(Title);
