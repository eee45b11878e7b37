using JourneyAssistant.Analyst.Routing;
using JourneyAssistant.Store.Dictionary;

namespace JourneyAssistant.Analyst.Extraction;

/// <summary>A dictionary entry named in a question: which kind, which id, and where.</summary>
public sealed record EntityMention(string Kind, string Id, int Index, int Length);

/// <summary>
/// Finds channels, touchpoints and stages in a question by their ids, zh/en labels and aliases from the dictionary
/// (so "小程序", "mini program" and "mini_program" all mean the same channel). Longest match wins.
/// </summary>
public sealed class EntityExtractor
{
    // Everyday words that are also aliases ("比较" = consideration, "推荐" = advocacy) would fire on ordinary questions.
    private static readonly HashSet<string> Ambiguous = new(StringComparer.Ordinal)
    {
        "比较", "使用", "关注", "评估", "下单", "成交", "口碑", "buy", "推荐", "知晓", "aware", "retain", "advocate", "兴趣", "考虑",
        "会员", "分享", "邀请", "内容", "首页", "home page", "homepage", "site", "share", "invite", "support", "chat", "mp", "pay",
        "网页", "应用", "客服", "工单", "问卷", "调研", "收银", "投放", "web", "pc", "landing", "content",
    };

    private readonly List<(string Kind, string Id, string Surface)> _surfaces;

    /// <summary>Builds the surface forms from the dictionary.</summary>
    public EntityExtractor(IJourneyDictionary dictionary)
    {
        _surfaces = [];
        foreach (var kind in new[] { DictionaryKind.Channel, DictionaryKind.Touchpoint, DictionaryKind.Stage })
        {
            foreach (var entry in dictionary.Entries(kind))
            {
                var forms = new HashSet<string>(StringComparer.Ordinal)
                {
                    TextTokens.Normalize(entry.Id),
                    TextTokens.Normalize(entry.Id.Replace('_', ' ')),
                    TextTokens.Normalize(entry.Label.Zh),
                    TextTokens.Normalize(entry.Label.En),
                };
                foreach (var alias in entry.Aliases)
                {
                    forms.Add(TextTokens.Normalize(alias));
                }

                foreach (var form in forms.Where(f => f.Length > 1 || (f.Length == 1 && TextTokens.IsCjk(f[0]))))
                {
                    // Labels are never ambiguous for their own kind; bare aliases on the list are.
                    var isLabel = form == TextTokens.Normalize(entry.Label.Zh) || form == TextTokens.Normalize(entry.Label.En);
                    if (!isLabel && Ambiguous.Contains(form))
                    {
                        continue;
                    }

                    _surfaces.Add((kind, entry.Id, form));
                }
            }
        }

        _surfaces.Sort((a, b) => b.Surface.Length.CompareTo(a.Surface.Length));
    }

    /// <summary>Every non-overlapping mention, in the order they appear.</summary>
    public IReadOnlyList<EntityMention> Find(string question)
    {
        var text = TextTokens.Normalize(question);
        var taken = new bool[text.Length];
        var mentions = new List<EntityMention>();
        foreach (var (kind, id, surface) in _surfaces)
        {
            var from = 0;
            while (from < text.Length)
            {
                var at = TextTokens.IndexOfTerm(text, surface, from);
                if (at < 0)
                {
                    break;
                }

                var free = true;
                for (var i = at; i < at + surface.Length; i++)
                {
                    free &= !taken[i];
                }

                // The same span may name two kinds (推荐 = stage and touchpoint): keep both unless a longer form took it.
                var sameSpan = mentions.Any(m => m.Index == at && m.Length == surface.Length && m.Kind != kind);
                if (free || sameSpan)
                {
                    if (!mentions.Any(m => m.Kind == kind && m.Id == id && m.Index == at))
                    {
                        mentions.Add(new EntityMention(kind, id, at, surface.Length));
                    }

                    for (var i = at; i < at + surface.Length; i++)
                    {
                        taken[i] = true;
                    }
                }

                from = at + 1;
            }
        }

        return mentions.OrderBy(m => m.Index).ToList();
    }
}
