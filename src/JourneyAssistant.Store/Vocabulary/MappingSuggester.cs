using System.Globalization;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Vocabulary;

/// <summary>
/// Proposes, for every unmapped name, the id of ours it most likely means. The score is 60 % name similarity (ids, labels
/// and aliases in both languages) and 40 % the mean of the evidence the rows give: their stage against the id's stage
/// (for a channel: against the stages its kind serves), whether they carry an amount where the id does, and, when the id
/// has rows of its own, whether both are used on the same channels and at the same place in people's journeys.
/// </summary>
public sealed class MappingSuggester(IJourneyDictionary dictionary)
{
    /// <summary>The confidence `dictionary apply` needs by default.</summary>
    public const double DefaultMinConfidence = 0.5;

    private const double NameWeight = 0.6;

    // The stages a channel of each kind mostly serves: ads bring people in, owned channels carry the journey, stores sell.
    private static readonly Dictionary<string, string[]> _kindStages = new(StringComparer.Ordinal)
    {
        ["paid"] = ["awareness", "interest"],
        ["owned"] = ["interest", "consideration", "purchase", "retention"],
        ["offline"] = ["purchase", "retention"],
        ["service"] = ["consideration", "retention", "advocacy"],
    };

    /// <summary>Suggestions for the unmapped names among <paramref name="observations"/>, most-used first.</summary>
    public IReadOnlyList<MappingSuggestion> Suggest(IReadOnlyList<NameObservation> observations)
    {
        var known = observations.Where(o => !o.IsUnmapped).ToDictionary(o => (o.Kind, o.Id));
        var stageOrder = dictionary.Entries(DictionaryKind.Stage).ToDictionary(s => s.Id, s => s.Order, StringComparer.Ordinal);
        return observations.Where(o => o.IsUnmapped)
            .Select(o => Best(o, known, stageOrder))
            .OrderByDescending(s => s.Rows).ThenBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    private MappingSuggestion Best(NameObservation o, Dictionary<(string, string), NameObservation> known, Dictionary<string, int> stageOrder)
    {
        (DictionaryEntry Entry, double Score, List<SuggestionEvidence> Evidence)? best = null;
        // A dictionary that lists the store's custom names too must not offer a name as its own mapping.
        foreach (var entry in dictionary.Entries(o.Kind).Where(e => !e.Id.StartsWith(NameObservation.CustomPrefix, StringComparison.Ordinal)))
        {
            var (name, matched) = new[] { entry.Id, entry.Label.Zh, entry.Label.En }.Concat(entry.Aliases)
                .Select(x => (Score: NameSimilarity.Score(o.Name, x), Text: x))
                .MaxBy(x => x.Score);
            var evidence = new List<SuggestionEvidence>();
            if (name > 0)
            {
                evidence.Add(new("name", name, new($"名称相近：{o.Name} ~ {matched}（{name:0.00}）", $"name like {matched} ({name:0.00})")));
            }

            evidence.AddRange(Evidence(o, entry, known.GetValueOrDefault((o.Kind, entry.Id)), stageOrder));
            var rows = evidence.Where(e => e.Kind != "name").ToList();
            var score = Math.Clamp(NameWeight * name + (1 - NameWeight) * (rows.Count == 0 ? 0 : rows.Average(e => e.Score)), 0, 1);
            if (best is null || score > best.Value.Score)
            {
                best = (entry, score, evidence);
            }
        }

        // Without any likeness of name the rows alone cannot tell which of our ids a name means: it stays the user's own.
        return best is { } b && b.Evidence.Any(e => e.Kind == "name")
            ? new MappingSuggestion(o.Kind, o.Id, o.Name, o.Rows, b.Entry.Id, Math.Round(b.Score, 3), b.Evidence)
            : new MappingSuggestion(o.Kind, o.Id, o.Name, o.Rows, null, 0,
                [new("name", 0, new("与现有名称都不相近：建议保留为新条目", "like none of our names: keep it as a new entry"))]);
    }

    private static IEnumerable<SuggestionEvidence> Evidence(NameObservation o, DictionaryEntry entry, NameObservation? ours, Dictionary<string, int> stageOrder)
    {
        var stage = o.Stage;
        if (stage is not null && o.Kind != DictionaryKind.Channel && entry.Category is { } entryStage
            && stageOrder.TryGetValue(stage, out var a) && stageOrder.TryGetValue(entryStage, out var b))
        {
            var score = a == b ? 1 : Math.Abs(a - b) == 1 ? 0 : -1;
            yield return new("stage", score, score > 0
                ? new($"阶段一致：{stage}", $"same stage: {stage}")
                : new($"阶段不同：{stage} ≠ {entryStage}", $"stage differs: {stage} vs {entryStage}"));
        }

        if (stage is not null && o.Kind == DictionaryKind.Channel && entry.Category is { } kind && _kindStages.TryGetValue(kind, out var stages))
        {
            var fits = stages.Contains(stage, StringComparer.Ordinal);
            yield return new("kind", fits ? 1 : -1, fits
                ? new($"{kind} 渠道常见于 {stage} 阶段", $"{kind} channels serve the {stage} stage")
                : new($"{kind} 渠道少见于 {stage} 阶段", $"{kind} channels rarely serve the {stage} stage"));
        }

        if (o.Kind == DictionaryKind.Event)
        {
            // Without rows of its own, an id takes amounts when it is a purchase-stage event (payment started, paid, bought in store).
            var takesAmount = ours is not null ? ours.AmountShare >= 0.5 : entry.IsConversion || entry.Category == "purchase";
            var share = o.AmountShare.ToString("0%", CultureInfo.InvariantCulture);
            if (o.AmountShare >= 0.5)
            {
                yield return new("amount", takesAmount ? 1 : -1, new($"{share} 的事件带金额", $"{share} of its events carry an amount"));
            }
            else if (o.AmountShare < 0.05)
            {
                yield return new("amount", takesAmount ? -1 : 1, new("事件不带金额", "its events carry no amount"));
            }
        }

        if (ours is null || o.Kind == DictionaryKind.Channel)
        {
            yield break;
        }

        var cosine = Cosine(o.Channels, ours.Channels);
        yield return new("channels", 2 * cosine - 1, new($"与 {entry.Id} 的渠道分布相似度 {cosine:0.00}", $"used on the same channels as {entry.Id}: {cosine:0.00}"));
        var gap = Math.Abs(o.Position - ours.Position);
        // Weaker against than for: one touchpoint is reached by several routes (a store is a walk-in's first step and an online buyer's last).
        yield return new("position", Math.Clamp(1 - 3 * gap, -0.5, 1),
            new($"旅程位置 {o.Position:0.00}，{entry.Id} 为 {ours.Position:0.00}", $"place in journeys {o.Position:0.00}, {entry.Id} {ours.Position:0.00}"));
    }

    private static double Cosine(IReadOnlyDictionary<string, long> x, IReadOnlyDictionary<string, long> y)
    {
        double dot = 0, nx = 0, ny = 0;
        foreach (var (k, v) in x)
        {
            dot += v * (double)y.GetValueOrDefault(k);
            nx += v * (double)v;
        }

        foreach (var v in y.Values)
        {
            ny += v * (double)v;
        }

        return nx == 0 || ny == 0 ? 0 : dot / Math.Sqrt(nx * ny);
    }
}
