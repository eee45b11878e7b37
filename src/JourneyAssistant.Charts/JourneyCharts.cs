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
    private readonly ChartCache? _cache;

    /// <param name="cache">Rendered charts to reuse for identical requests; null draws every time.</param>
    public JourneyCharts(IEnumerable<IChartRenderer> renderers, IJourneyDictionary? dictionary = null, ChartCache? cache = null)
    {
        _renderers = renderers.ToList();
        _dictionary = dictionary;
        _cache = cache;
        ChartFonts.EnsureRegistered();
    }

    public IReadOnlyList<string> Kinds => _renderers.Select(r => r.Kind).ToList();

    public ChartImage Render(SkillResult result, Language language, string? title = null, string? kind = null)
    {
        var request = new ChartRequest(result, language, _dictionary, title);
        if (_cache is null)
        {
            return Draw(request, kind);
        }

        return _cache.GetOrRender(ChartCache.KeyFor(result, language, title, kind, request.Width, request.Height), () => Draw(request, kind));
    }

    private ChartImage Draw(ChartRequest request, string? kind)
    {
        var renderer = Choose(request, kind ?? request.Result.Chart.Kind);
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
