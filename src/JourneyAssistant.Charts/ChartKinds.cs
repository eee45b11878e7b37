namespace JourneyAssistant.Charts;

/// <summary>The renderers' kind names, for code that picks a kind; which kinds exist is <see cref="RenderedChartKinds"/>.</summary>
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
