using System.Text.RegularExpressions;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Store.Vocabulary;

/// <summary>
/// How alike a source's name and one of our ids, labels or aliases are, 0..1, in both scripts: Chinese by the longest
/// shared run of characters (广告点击 ~ 广告 0.75, 商品详情 ~ 商品详情页 0.9), Latin by shared words, a word matching
/// another it begins (pay ~ payment, resolved ~ resolve) for partial credit. Half the score is how much of our name the
/// source's name holds, half how much of the source's name ours explains.
/// </summary>
public static partial class NameSimilarity
{
    private const double PrefixCredit = 0.8;

    public static double Score(string name, string ours)
    {
        var a = JourneyDictionary.Normalize(name);
        var b = JourneyDictionary.Normalize(ours);
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (a == b)
        {
            return 1;
        }

        return HasHan(a) || HasHan(b) ? Characters(a, b) : Words(a, b);
    }

    private static double Characters(string a, string b)
    {
        var x = a.Where(c => !char.IsWhiteSpace(c)).ToArray();
        var y = b.Where(c => !char.IsWhiteSpace(c)).ToArray();
        var common = LongestCommonRun(x, y);
        // One shared character (店, 客) says nothing.
        return common < 2 ? 0 : 0.5 * common / x.Length + 0.5 * common / y.Length;
    }

    private static double Words(string a, string b)
    {
        var x = Separator().Split(a).Where(w => w.Length > 0).ToArray();
        var y = Separator().Split(b).Where(w => w.Length > 0).ToArray();
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        return 0.5 * Covered(x, y) / x.Length + 0.5 * Covered(y, x) / y.Length;
    }

    private static double Covered(string[] words, string[] other) =>
        words.Sum(w => other.Max(o => w == o ? 1.0 : Math.Min(w.Length, o.Length) >= 3 && (w.StartsWith(o, StringComparison.Ordinal) || o.StartsWith(w, StringComparison.Ordinal)) ? PrefixCredit : 0));

    private static int LongestCommonRun(char[] x, char[] y)
    {
        var best = 0;
        var previous = new int[y.Length + 1];
        var current = new int[y.Length + 1];
        for (var i = 1; i <= x.Length; i++)
        {
            for (var j = 1; j <= y.Length; j++)
            {
                current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : 0;
                best = Math.Max(best, current[j]);
            }

            (previous, current) = (current, previous);
        }

        return best;
    }

    private static bool HasHan(string s) => s.Any(c => c is >= '\u3400' and <= '\u9FFF');

    [GeneratedRegex(@"[\s_\-/.:]+")]
    private static partial Regex Separator();
}
