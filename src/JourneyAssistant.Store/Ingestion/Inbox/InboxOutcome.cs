namespace JourneyAssistant.Store.Ingestion.Inbox;

/// <summary>What became of one inbox file: where it was moved, its report beside it, and the ingest's counts when it loaded.</summary>
public sealed record InboxOutcome(string File, bool Loaded, string MovedTo, string ReportPath, IngestReport? Report, string? Error);
