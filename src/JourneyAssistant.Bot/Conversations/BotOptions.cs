using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Bot.Conversations;

/// <summary>How the bot handles turns, bound from the "Bot" section.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>Largest question accepted, in UTF-8 bytes; longer ones get a polite reply and nothing runs.</summary>
    [Range(16, 1_000_000)]
    public int MaxQuestionBytes { get; set; } = 4096;

    /// <summary>Questions answered in parallel (each holds a store connection).</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 8;

    /// <summary>Questions waiting beyond this are answered with "busy, try again".</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 2_000;

    /// <summary>Longest an answer may take before the user gets an apology.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the typing indicator is repeated while an answer is being worked out (Teams shows it ~3 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an activity id is remembered to drop redelivered duplicates.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest chart PNG inlined into a card as a data: URI (Teams cards must stay under ~100 KB).</summary>
    [Range(0, 80_000)]
    public int MaxInlineChartBytes { get; set; } = 48 * 1024;

    /// <summary>Build/check the store at start-up (a fresh clone builds it from sample-data).</summary>
    public bool WarmUpStore { get; set; } = true;

    /// <summary>Bot display name in conversations.</summary>
    public string Name { get; set; } = "JourneyAssistant";
}
