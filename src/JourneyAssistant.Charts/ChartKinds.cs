namespace JourneyAssistant.Charts;

/// <summary>The chart kind names skills use in their <c>chart</c> hint.</summary>
public static class ChartKinds
{
    public const string Funnel = "funnel";
    public const string Bar = "bar";
    public const string GroupedBar = "grouped_bar";
    public const string Stacked = "stacked";
    public const string Line = "line";
    public const string Heatmap = "heatmap";
    public const string Paths = "paths";
    public const string Attribution = "attribution";
    public const string Diverging = "diverging";
    public const string Table = "table";
}
