using JourneyAssistant.Charts.Fonts;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Charts;

/// <summary>Chooses among the registered <see cref="IChartRenderer"/>s: hinted kind first, then bar, then table.</summary>
public sealed class JourneyCharts : IJourneyCharts
{
    private readonly IReadOnlyList<IChartRenderer> _renderers;
    private readonly IJourneyDictionary? _dictionary;

    public JourneyCharts(IEnumerable<IChartRenderer> renderers, IJourneyDictionary? dictionary = null)
    {
        _renderers = renderers.ToList();
        _dictionary = dictionary;
        ChartFonts.EnsureRegistered();
    }

    public IReadOnlyList<string> Kinds => _renderers.Select(r => r.Kind).ToList();

    public ChartImage Render(SkillResult result, Language language, string? title = null, string? kind = null)
    {
        var request = new ChartRequest(result, language, _dictionary, title);
        var renderer = Choose(request, kind ?? result.Chart.Kind);
        return new ChartImage(renderer.Kind, request.EffectiveTitle, renderer.Render(request), request.Width, request.Height);
    }

    /// <summary>The renderer that will draw <paramref name="request"/> for the hinted <paramref name="kind"/>.</summary>
    public IChartRenderer Choose(ChartRequest request, string? kind)
    {
        var hinted = _renderers.FirstOrDefault(r => Matches(r, kind) && r.CanRender(request));
        return hinted
            ?? _renderers.FirstOrDefault(r => r.Kind == ChartKinds.Bar && r.CanRender(request))
            ?? _renderers.FirstOrDefault(r => r.Kind == ChartKinds.Table)
            ?? throw new InvalidOperationException("No chart renderer is registered (call AddJourneyCharts()).");
    }

    private static bool Matches(IChartRenderer renderer, string? kind) =>
        kind is not null && (string.Equals(renderer.Kind, kind, StringComparison.OrdinalIgnoreCase)
                             || renderer.Aliases.Any(a => string.Equals(a, kind, StringComparison.OrdinalIgnoreCase)));
}
