namespace JourneyAssistant.Charts;

/// <summary>Draws one chart kind. Implementations are discovered by <c>AddJourneyCharts()</c>; adding a kind is adding a class.</summary>
public interface IChartRenderer
{
    /// <summary>The chart kind a skill names in its <c>chart: { kind: … }</c> hint.</summary>
    string Kind { get; }

    /// <summary>Other hint spellings this renderer answers to (e.g. <c>trend</c> for <c>line</c>).</summary>
    IReadOnlyList<string> Aliases => [];

    /// <summary>Whether the result has the columns this kind needs.</summary>
    bool CanRender(ChartRequest request);

    /// <summary>PNG bytes of the chart at the requested size.</summary>
    byte[] Render(ChartRequest request);
}
