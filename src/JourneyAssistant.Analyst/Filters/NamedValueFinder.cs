using System.Text.RegularExpressions;
using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Filters;

/// <summary>What a question names beyond the dictionary: store values it filters by, and a channel name the store lacks.</summary>
public sealed record NamedValues(IReadOnlyList<NamedValue> Values, string? UnknownChannel);

/// <summary>
/// Finds the dimension values a question names by matching the distinct values present in the store (regions,
/// campaigns, and channel ids with their labels — custom, non-dictionary names included), and a Latin name the
/// question plainly uses as a channel ("Facebook 的转化率", "the Facebook channel") that matches none of them.
/// </summary>
public static partial class NamedValueFinder
{
    /// <summary>The values named in <paramref name="facts"/>'s text; channels the dictionary already found are left to the binder.</summary>
    public static NamedValues Find(string question, QuestionFacts facts, DataProfile data, IJourneyDictionary dictionary, Func<string, bool> knownWord)
    {
        var text = facts.Normalized;
        var found = new List<NamedValue>();
        var taken = new List<(int Start, int Length)>();

        void Add(string dimension, string value, string surface, string label)
        {
            var at = TextTokens.IndexOfTerm(text, surface, 0);
            if (at < 0 || taken.Any(t => at < t.Start + t.Length && t.Start < at + surface.Length))
            {
                return;
            }

            taken.Add((at, surface.Length));
            found.Add(new NamedValue(dimension, value, label));
        }

        // Longest values first, so "双11_搜索" (campaign) is not read as "搜索" (channel) too.
        var candidates = data.Campaigns.Select(c => (Dimension: FilterDimensions.Campaign, Value: c, Surface: TextTokens.Normalize(c), Label: c))
            .Concat(data.Regions.Select(r => (Dimension: FilterDimensions.Region, Value: r, Surface: TextTokens.Normalize(r), Label: r)))
            .Where(c => c.Surface.Length >= 2)
            .OrderByDescending(c => c.Surface.Length)
            .ToList();
        foreach (var (dimension, value, surface, label) in candidates)
        {
            Add(dimension, value, surface, label);
        }

        var mentioned = facts.Entities.Where(e => e.Kind == DictionaryKind.Channel).ToList();
        foreach (var mention in mentioned)
        {
            taken.Add((mention.Index, mention.Length));
        }

        // Channel values in the store the dictionary does not know (a company's own names: "Facebook", "门店自提").
        foreach (var id in data.Channels.Where(id => dictionary.Resolve(DictionaryKind.Channel, id) is null || mentioned.All(m => m.Id != id)))
        {
            var forms = new[] { id, dictionary.Label(DictionaryKind.Channel, id, Language.Zh), dictionary.Label(DictionaryKind.Channel, id, Language.En) }
                .Select(TextTokens.Normalize).Where(f => f.Length >= 2).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length);
            foreach (var form in forms)
            {
                if (TextTokens.ContainsTerm(text, form) && !mentioned.Any(m => m.Id == id))
                {
                    Add(FilterDimensions.Channel, id, form, dictionary.Label(DictionaryKind.Channel, id, Language.Zh));
                    break;
                }
            }
        }

        string? unknown = null;
        if (mentioned.Count == 0 && !found.Any(f => f.Dimension == FilterDimensions.Channel))
        {
            unknown = UnknownChannelName(question, facts, knownWord, taken);
        }

        return new NamedValues(found, unknown);
    }

    /// <summary>
    /// A Latin name used as a channel that nothing knows: in a Chinese question any unknown Latin word ("Facebook 的转化率"),
    /// in an English one a capitalised unknown word next to "channel" or after "from/via/on" ("users from Facebook").
    /// </summary>
    private static string? UnknownChannelName(string original, QuestionFacts facts, Func<string, bool> knownWord, List<(int Start, int Length)> taken)
    {
        var chinese = Languages.Detect(original) == Language.Zh;
        var pattern = chinese ? LatinName() : EnglishChannelName();
        foreach (Match m in pattern.Matches(original))
        {
            var name = m.Groups["name"].Value.Trim();
            if (name.Length < 2 || knownWord(name) || DateExpressions.Find(name, new DateOnly(2026, 6, 30)) is not null)
            {
                continue;
            }

            var normal = TextTokens.Normalize(name);
            var at = facts.Normalized.IndexOf(normal, StringComparison.Ordinal);
            if (at >= 0 && taken.Any(t => at < t.Start + t.Length && t.Start < at + normal.Length))
            {
                continue;
            }

            return name;
        }

        return null;
    }

    // Letters only ("Facebook", "Paid Search"): "W46" in "2026-W46" or "Q3" is a date, not a name.
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])(?<name>[A-Za-z][A-Za-z\-\.]*[A-Za-z](?:\s+[A-Z][A-Za-z\-]*)*)(?![A-Za-z0-9_])")]
    private static partial Regex LatinName();

    [GeneratedRegex(@"(?:\b(?:from|via|on|through)\s+(?<name>[A-Z][A-Za-z0-9\-]+(?:\s+[A-Z][A-Za-z0-9\-]+)*))|(?:\b(?<name>[A-Z][A-Za-z0-9\-]+(?:\s+[A-Z][A-Za-z0-9\-]+)*)\s+(?:channel|users|visitors|customers|traffic)\b)")]
    private static partial Regex EnglishChannelName();
}
