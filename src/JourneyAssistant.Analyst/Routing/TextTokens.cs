using System.Globalization;
using System.Text;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Analyst.Routing;

/// <summary>Turns text into routing terms: CJK character bigrams (so Chinese needs no word segmentation) and stemmed Latin words.</summary>
public static class TextTokens
{
    /// <summary>Lower-cases, folds full-width forms to ASCII, and trims: the one normal form every matcher compares.</summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>True for CJK ideographs.</summary>
    public static bool IsCjk(char c) => Languages.IsIdeograph(c);

    /// <summary>The routing terms of a text: CJK bigrams (and lone ideographs between non-CJK), Latin word stems, numbers dropped.</summary>
    public static List<string> Terms(string text)
    {
        var normal = Normalize(text);
        var terms = new List<string>();
        var i = 0;
        while (i < normal.Length)
        {
            var c = normal[i];
            if (IsCjk(c))
            {
                var start = i;
                while (i < normal.Length && IsCjk(normal[i]))
                {
                    i++;
                }

                var run = normal.AsSpan(start, i - start);
                if (run.Length == 1)
                {
                    terms.Add(run.ToString());
                }

                for (var k = 0; k + 1 < run.Length; k++)
                {
                    terms.Add(run.Slice(k, 2).ToString());
                }
            }
            else if (char.IsLetter(c))
            {
                var start = i;
                while (i < normal.Length && (char.IsLetterOrDigit(normal[i]) || normal[i] == '_') && !IsCjk(normal[i]))
                {
                    i++;
                }

                var word = normal[start..i];
                if (!StopWords.Contains(word))
                {
                    terms.Add(Stem(word));
                }
            }
            else
            {
                i++;
            }
        }

        return terms;
    }

    /// <summary>A light English stemmer (plural and common verb/noun suffixes): enough to make "converts", "conversion" and "converting" meet.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        string[] suffixes = ["ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ies", "ied", "ed", "es", "ly", "s"];
        foreach (var suffix in suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                if (suffix is "ies" or "ied")
                {
                    stem += "y";
                }

                // "conversion" and "convert" should meet: strip a trailing s/t after "ion" forms.
                if (suffix is "ion" or "ions" && (stem.EndsWith("rs", StringComparison.Ordinal) || stem.EndsWith("ct", StringComparison.Ordinal)))
                {
                    stem = stem[..^1] + "t";
                }

                return stem;
            }
        }

        return word;
    }

    /// <summary>True when <paramref name="needle"/> occurs in <paramref name="haystack"/> as a whole Latin word (or anywhere, for CJK).</summary>
    public static bool ContainsTerm(string haystack, string needle) => IndexOfTerm(haystack, needle, 0) >= 0;

    /// <summary>Index of <paramref name="needle"/> in a normalized text, honouring word boundaries at Latin edges; -1 when absent.</summary>
    public static int IndexOfTerm(string haystack, string needle, int start)
    {
        if (needle.Length == 0)
        {
            return -1;
        }

        var from = start;
        while (from <= haystack.Length - needle.Length)
        {
            var at = haystack.IndexOf(needle, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            var leftOk = !IsWordChar(needle[0]) || at == 0 || !IsWordChar(haystack[at - 1]);
            var end = at + needle.Length;
            var rightOk = !IsWordChar(needle[^1]) || end == haystack.Length || !IsWordChar(haystack[end]) || AllowsPlural(haystack, end);
            if (leftOk && rightOk)
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static bool AllowsPlural(string haystack, int end) =>
        haystack[end] == 's' && (end + 1 == haystack.Length || !IsWordChar(haystack[end + 1]));

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Parses an invariant integer.</summary>
    public static int ParseInt(string digits) => int.Parse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "in", "on", "for", "to", "is", "are", "was", "were", "be", "and", "or", "what", "which", "who",
        "how", "me", "my", "our", "we", "us", "show", "tell", "give", "please", "do", "does", "did", "it", "its", "this", "that",
        "by", "at", "with", "from", "i", "you", "can", "could", "would", "there", "their", "them", "than", "vs", "versus", "most",
        "much", "about", "whats", "what's", "get", "see", "let", "list", "have", "has", "had", "been", "any", "lately", "now",
        "where", "when", "why", "should", "will", "into", "up", "out", "so", "all", "some", "just", "only", "also", "like", "doing", "done", "one", "ones", "us", "we're", "there's", "still", "right", "really",
    };
}
