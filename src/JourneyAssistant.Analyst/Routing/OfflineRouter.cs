namespace JourneyAssistant.Analyst.Routing;

/// <summary>What the router knows about one skill: the texts people would use to ask for it, in both languages.</summary>
public sealed record RoutingDocument(
    string SkillId,
    IReadOnlyList<string> Titles,
    IReadOnlyList<string> Descriptions,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> Keywords);

/// <summary>A skill and how well a question matched it.</summary>
public sealed record RouteCandidate(string SkillId, double Score);

/// <summary>The router's ranking for a question, best first, and how much of the question the skills' vocabulary covers.</summary>
public sealed record RouteResult(IReadOnlyList<RouteCandidate> Ranked, double Threshold, double Coverage = 1, double MinCoverage = 0)
{
    /// <summary>The best candidate, or null when nothing matched at all.</summary>
    public RouteCandidate? Best => Ranked.Count > 0 ? Ranked[0] : null;

    /// <summary>
    /// True when the best candidate scores at or above the threshold and most of the question is words the skills know:
    /// "库存周转天数" shares one word with a skill, which is not the same as asking for it.
    /// </summary>
    public bool IsConfident => Best is { } best && best.Score >= Threshold && Coverage >= MinCoverage;
}

/// <summary>
/// Deterministic, bilingual question → skill matching: BM25 over CJK bigrams, Latin stems and synonym concepts of each
/// skill's titles, descriptions, examples and keywords. Scores are normalized by the question's own best possible score,
/// so one threshold works for short and long questions alike.
/// </summary>
public sealed class OfflineRouter
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Bm25 _skillIndex;
    private readonly Bm25 _exampleIndex;
    private readonly string[] _exampleOwners;
    private readonly string[] _skillIds;
    private readonly Func<string, IEnumerable<string>>? _annotate;

    /// <summary>
    /// Builds the index; <paramref name="threshold"/> is the minimum normalized score to answer. <paramref name="annotate"/>
    /// adds extra terms to questions and skill text alike (e.g. "§touchpoint" where a dictionary touchpoint is named).
    /// </summary>
    public OfflineRouter(IEnumerable<RoutingDocument> documents, double threshold = 0.30, Func<string, IEnumerable<string>>? annotate = null, double minCoverage = 0.6,
        Func<string, IEnumerable<(int Start, int Length)>>? knownSpans = null, Func<string, IEnumerable<(int Start, int Length)>>? parameterSpans = null)
    {
        _knownSpans = knownSpans;
        _parameterSpans = parameterSpans;
        Threshold = threshold;
        MinCoverage = minCoverage;
        _annotate = annotate;
        var docs = documents.ToList();
        _skillIds = docs.Select(d => d.SkillId).ToArray();
        _skillIndex = new Bm25(docs.Select(SkillTerms).ToList());
        var examples = docs.SelectMany(d => d.Examples.Concat(d.Titles).Select(e => (d.SkillId, Text: e))).ToList();
        _exampleOwners = examples.Select(e => e.SkillId).ToArray();
        _exampleIndex = new Bm25(examples.Select(e => Terms(e.Text)).ToList());
        _vocabulary = new HashSet<string>(_skillIndex.Vocabulary.Concat(_exampleIndex.Vocabulary), StringComparer.Ordinal);
    }

    private readonly HashSet<string> _vocabulary;
    private readonly Func<string, IEnumerable<(int Start, int Length)>>? _knownSpans;
    private readonly Func<string, IEnumerable<(int Start, int Length)>>? _parameterSpans;

    /// <summary>Minimum share of the question's content the skills' vocabulary must cover.</summary>
    public double MinCoverage { get; }

    // Function characters and words that carry no topic: they neither help nor hurt coverage.
    private static readonly HashSet<char> FunctionChars = [.. "的了吗呢啊吧呀哦嘛是在有和与及或都也就还很太把被给让这那个些一下么我你他她它们咱家请帮看查问想要能会可以怎样什如何多少哪儿里吗到从对按"];

    /// <summary>Share of the question's content characters/words that belong to a word the skills (or the synonym table) know.</summary>
    public double Coverage(string question)
    {
        var text = TextTokens.Normalize(question);
        var covered = new bool[text.Length];
        foreach (var variant in SynonymTable.Concepts.Values.SelectMany(v => v))
        {
            for (var at = TextTokens.IndexOfTerm(text, variant, 0); at >= 0; at = TextTokens.IndexOfTerm(text, variant, at + 1))
            {
                Array.Fill(covered, true, at, variant.Length);
            }
        }

        // Dates and dictionary names ("2026年11月9日", "Q3", "小程序") are understood even though no skill text spells them.
        foreach (var (start, length) in _knownSpans?.Invoke(text) ?? [])
        {
            if (start >= 0 && start + length <= text.Length)
            {
                Array.Fill(covered, true, start, length);
            }
        }

        int counted = 0, hits = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (TextTokens.IsCjk(c))
            {
                var known = covered[i]
                    || (i > 0 && TextTokens.IsCjk(text[i - 1]) && _vocabulary.Contains(text.Substring(i - 1, 2)))
                    || (i + 1 < text.Length && TextTokens.IsCjk(text[i + 1]) && _vocabulary.Contains(text.Substring(i, 2)));
                if (known || !FunctionChars.Contains(c))
                {
                    counted++;
                    hits += known ? 1 : 0;
                }

                i++;
            }
            else if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_') && !TextTokens.IsCjk(text[i]))
                {
                    i++;
                }

                var word = text[start..i];
                var stems = TextTokens.Terms(word);
                if (stems.Count == 0)
                {
                    continue;
                }

                counted++;
                hits += covered[start] || stems.All(_vocabulary.Contains) ? 1 : 0;
            }
            else
            {
                i++;
            }
        }

        return counted == 0 ? 0 : (double)hits / counted;
    }

    /// <summary>True when every stem of <paramref name="word"/> is in the skills' vocabulary or the synonym table.</summary>
    public bool Knows(string word)
    {
        var normal = TextTokens.Normalize(word);
        if (SynonymTable.Concepts.Values.Any(v => v.Contains(normal, StringComparer.Ordinal)))
        {
            return true;
        }

        var stems = TextTokens.Terms(normal);
        return stems.Count > 0 && stems.All(_vocabulary.Contains);
    }

    /// <summary>Minimum normalized score for a confident route.</summary>
    public double Threshold { get; }

    /// <summary>Ids of every indexed skill.</summary>
    public IReadOnlyList<string> SkillIds => _skillIds;

    /// <summary>Ranks every skill for the question.</summary>
    public RouteResult Route(string question)
    {
        var terms = Terms(question);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var skillMax = _skillIndex.MaxScore(terms);
        var exampleMax = _exampleIndex.MaxScore(terms);
        if (skillMax <= 0 || exampleMax <= 0)
        {
            return new RouteResult([], Threshold, 0, MinCoverage);
        }

        var skillScores = _skillIndex.Score(terms);
        for (var i = 0; i < _skillIds.Length; i++)
        {
            scores[_skillIds[i]] = 0.5 * skillScores[i] / skillMax;
        }

        var exampleScores = _exampleIndex.Score(terms);
        var bestExample = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < exampleScores.Length; i++)
        {
            var owner = _exampleOwners[i];
            bestExample[owner] = Math.Max(bestExample.GetValueOrDefault(owner), exampleScores[i] / exampleMax);
        }

        foreach (var (owner, score) in bestExample)
        {
            scores[owner] = scores.GetValueOrDefault(owner) + 0.5 * score;
        }

        var ranked = scores.Where(s => s.Value > 0)
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new RouteCandidate(s.Key, Math.Round(s.Value, 4)))
            .ToList();
        return new RouteResult(ranked, Threshold, Math.Round(Coverage(question), 4), MinCoverage);
    }

    /// <summary>Terms of a question (or an example): words, bigrams, and concept terms counted twice so synonyms weigh like the words they stand for.</summary>
    public static List<string> QuestionTerms(string text) => QuestionTerms(text, text);

    private static List<string> QuestionTerms(string text, string masked)
    {
        var terms = TextTokens.Terms(masked);
        foreach (var concept in SynonymTable.ConceptsIn(TextTokens.Normalize(text)))
        {
            terms.Add(concept);
            terms.Add(concept);
        }

        return terms;
    }

    /// <summary>
    /// Question terms plus the annotator's terms. Words that only fill a parameter (a channel name, a date) are blanked
    /// before the bigrams are taken: "小程序" in a question and "小程序" in another skill's example say which filter, not
    /// which analysis, so they must not pull the question towards whichever skill's examples happen to name it.
    /// </summary>
    public List<string> Terms(string text)
    {
        var terms = QuestionTerms(text, Mask(text));
        if (_annotate is not null)
        {
            terms.AddRange(_annotate(text));
        }

        return terms;
    }

    private string Mask(string text)
    {
        if (_parameterSpans is null)
        {
            return text;
        }

        // Cut the spans out rather than blanking them: a blank would leave lone characters ("抖音和小程序比" → "和", "比")
        // that become terms of their own.
        var normal = TextTokens.Normalize(text);
        var drop = new bool[normal.Length];
        var masked = false;
        foreach (var (start, length) in _parameterSpans(normal))
        {
            if (start >= 0 && length > 0 && start + length <= drop.Length)
            {
                Array.Fill(drop, true, start, length);
                masked = true;
            }
        }

        if (!masked)
        {
            return text;
        }

        var kept = new System.Text.StringBuilder(normal.Length);
        for (var i = 0; i < normal.Length; i++)
        {
            if (!drop[i])
            {
                kept.Append(normal[i]);
            }
            else if (i + 1 == normal.Length || !drop[i + 1])
            {
                // Keep Latin words apart ("douyin vs search" → " vs "), while CJK neighbours join.
                if ((i + 1 < normal.Length && !TextTokens.IsCjk(normal[i + 1])) || (kept.Length > 0 && !TextTokens.IsCjk(kept[^1])))
                {
                    kept.Append(' ');
                }
            }
        }

        return kept.ToString();
    }

    private List<string> SkillTerms(RoutingDocument doc)
    {
        var terms = new List<string>();
        foreach (var title in doc.Titles)
        {
            terms.AddRange(Terms(title));
            terms.AddRange(Terms(title));
        }

        foreach (var keyword in doc.Keywords)
        {
            terms.AddRange(Terms(keyword));
            terms.AddRange(Terms(keyword));
        }

        foreach (var text in doc.Descriptions.Concat(doc.Examples))
        {
            terms.AddRange(Terms(text));
        }

        return terms;
    }

    /// <summary>Okapi BM25 over term lists.</summary>
    private sealed class Bm25
    {
        private readonly List<Dictionary<string, int>> _docs;
        private readonly int[] _lengths;
        private readonly double _avgLength;
        private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);

        public IEnumerable<string> Vocabulary => _idf.Keys;

        public Bm25(List<List<string>> docs)
        {
            _docs = docs.Select(d => d.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)).ToList();
            _lengths = docs.Select(d => d.Count).ToArray();
            _avgLength = _lengths.Length == 0 ? 1 : Math.Max(1, _lengths.Average());
            var df = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var doc in _docs)
            {
                foreach (var term in doc.Keys)
                {
                    df[term] = df.GetValueOrDefault(term) + 1;
                }
            }

            var n = _docs.Count;
            foreach (var (term, count) in df)
            {
                _idf[term] = Math.Log(1 + ((n - count + 0.5) / (count + 0.5)));
            }
        }

        public double[] Score(List<string> query)
        {
            var scores = new double[_docs.Count];
            for (var d = 0; d < _docs.Count; d++)
            {
                var doc = _docs[d];
                var norm = K1 * (1 - B + (B * _lengths[d] / _avgLength));
                double score = 0;
                foreach (var term in query)
                {
                    if (doc.TryGetValue(term, out var tf) && _idf.TryGetValue(term, out var idf))
                    {
                        score += idf * tf * (K1 + 1) / (tf + norm);
                    }
                }

                scores[d] = score;
            }

            return scores;
        }

        /// <summary>The score a document would get if it held every known query term often: the normalizer for confidence.</summary>
        public double MaxScore(List<string> query) =>
            query.Sum(t => _idf.TryGetValue(t, out var idf) ? idf * (K1 + 1) : 0);
    }
}
