using System.ComponentModel.DataAnnotations;

namespace JourneyAssistant.Store.Ingestion.Inbox;

/// <summary>
/// The watched inbox a running service ingests from (Store:Inbox): files dropped into <see cref="Path"/> are loaded one at
/// a time and moved to <c>done/</c> or <c>failed/</c> with a report beside them.
/// </summary>
public sealed class InboxOptions
{
    /// <summary>Whether a service that hosts the inbox (the bot) watches it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The inbox folder, relative to the content root; empty means <c>inbox/</c> beside the store file (data/inbox for the default store).</summary>
    public string? Path { get; set; }

    /// <summary>How often the folder is looked at.</summary>
    [Range(0.05, 3600)]
    public double PollSeconds { get; set; } = 2;

    /// <summary>
    /// How long a file's size and write time must stay the same before it is read, so a file still being copied in is not
    /// read half-written. Writers that can rename should write <c>name.csv.part</c> and rename it when done.
    /// </summary>
    [Range(0, 3600)]
    public double StableSeconds { get; set; } = 2;
}
