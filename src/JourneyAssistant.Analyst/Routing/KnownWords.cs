using JourneyAssistant.Analyst.Extraction;

namespace JourneyAssistant.Analyst.Routing;

/// <summary>Words the skills, the synonyms or the enum values know, which are therefore not channel names ("NPS", "GMV", "app").</summary>
internal sealed class KnownWords(SkillRouter router)
{
    public bool Knows(string word) =>
        TextTokens.Terms(word).Count == 0 || router.Current.Knows(word)
        || QuestionBinder.ValueSynonyms.Values.Any(forms => forms.Contains(TextTokens.Normalize(word), StringComparer.Ordinal));
}
