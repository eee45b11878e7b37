using JourneyAssistant.Analyst.Extraction;
using JourneyAssistant.Analyst.Periods;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Analyst.Composition;

/// <summary>
/// The row of a step-pair answer the question names ("从加购到下单要多久": the add_to_cart → checkout_start row):
/// the row whose event columns hold the most events the question names, itself or by their touchpoint ("the payment
/// page" names the events at it), when there is more than one row to choose from.
/// </summary>
internal sealed class NamedRowFinder(IJourneyDictionary? dictionary)
{
    public object?[]? Find(SkillDefinition skill, SkillResult result, QuestionFacts facts, DataProfile data)
    {
        // Where an event happens: in this data (a company's own pay_page_view is at its 支付页) and by our dictionary.
        bool At(string id, string touchpoint) => data.TouchpointOf(id) == touchpoint || dictionary?.Resolve(DictionaryKind.Event, id)?.Touchpoint == touchpoint;
        var touchpoints = facts.Ids(DictionaryKind.Touchpoint);
        var named = facts.Ids(DictionaryKind.Event).ToHashSet(StringComparer.Ordinal);
        var columns = skill.Columns.Where(c => c.Dictionary == DictionaryKind.Event && c.Role == ColumnRole.Dimension)
            .Select(c => result.IndexOf(c.Name)).Where(i => i >= 0).ToList();
        if (skill.AnswerSingle is null || named.Count + touchpoints.Count == 0 || columns.Count == 0 || result.Rows.Count < 2)
        {
            return null;
        }

        // Among rows that match as much, "从加购到…" prefers the row that starts where the question starts.
        var first = facts.Entities.Where(e => e.Kind is DictionaryKind.Event or DictionaryKind.Touchpoint).OrderBy(e => e.Index).FirstOrDefault();
        bool StartsAtFirst(object?[] row) => first is not null && row[columns[0]] is string id && (id == first.Id || At(id, first.Id));
        bool Named(string id) => named.Contains(id) || touchpoints.Any(t => At(id, t));
        var scored = result.Rows.Select(row => (row, score: columns.Count(i => row[i] is string id && Named(id)))).ToList();
        var best = scored.Max(x => x.score);
        return best == 0 ? null : scored.Where(x => x.score == best).OrderBy(x => StartsAtFirst(x.row) ? 0 : 1).First().row;
    }
}
