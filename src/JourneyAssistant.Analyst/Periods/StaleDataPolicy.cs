namespace JourneyAssistant.Analyst.Periods;

/// <summary>Values of <c>Analyst:StaleDataPolicy</c>: what relative periods mean when the data ends before today.</summary>
public static class StaleDataPolicy
{
    /// <summary>"上周"/"last week" is the last complete week in the data (the default).</summary>
    public const string DataEnd = "data-end";

    /// <summary>Relative periods follow the calendar, even when that finds no data.</summary>
    public const string Clock = "clock";
}
