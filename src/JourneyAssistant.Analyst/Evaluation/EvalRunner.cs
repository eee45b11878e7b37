using System.Diagnostics;
using JourneyAssistant.Analyst.Answers;

namespace JourneyAssistant.Analyst.Evaluation;

/// <summary>The outcome of one evaluation question.</summary>
public sealed record EvalOutcome(EvalCase Case, bool Correct, string Reason, string? Skill, AnswerKind Kind, double Milliseconds);

/// <summary>Accuracy of one category.</summary>
public sealed record EvalCategory(string Name, int Total, int Correct)
{
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>Accuracy per category and overall, with latency percentiles.</summary>
public sealed record EvalReport(IReadOnlyList<EvalOutcome> Outcomes)
{
    public int Total => Outcomes.Count;

    public int Correct => Outcomes.Count(o => o.Correct);

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public IReadOnlyList<EvalCategory> Categories => Outcomes.GroupBy(o => o.Case.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new EvalCategory(g.Key, g.Count(), g.Count(o => o.Correct))).ToList();

    public IReadOnlyList<(string Id, string Question, string Reason)> Misses =>
        Outcomes.Where(o => !o.Correct).Select(o => (o.Case.Id, o.Case.Question, o.Reason)).ToList();

    public double P50Ms => Percentile(Outcomes.Select(o => o.Milliseconds).ToList(), 0.5);

    public double P95Ms => Percentile(Outcomes.Select(o => o.Milliseconds).ToList(), 0.95);

    public double MaxMs => Outcomes.Count == 0 ? 0 : Outcomes.Max(o => o.Milliseconds);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The report as `journey eval --json` prints it.</summary>
    public object ToJson(bool passed) => new
    {
        passed,
        total = Total,
        correct = Correct,
        accuracy = Math.Round(Accuracy, 4),
        p50_ms = Math.Round(P50Ms, 1),
        p95_ms = Math.Round(P95Ms, 1),
        categories = Categories.Select(c => new { name = c.Name, total = c.Total, correct = c.Correct, accuracy = Math.Round(c.Accuracy, 4) }),
        misses = Misses.Select(m => new { id = m.Id, question = m.Question, reason = m.Reason }),
    };
}

/// <summary>Runs an <see cref="EvalSuite"/> through an analyst and scores each answer: kind, skill, key parameters and headline facts.</summary>
public sealed class EvalRunner(IAnalyst analyst)
{
    /// <summary>The overall accuracy `journey eval` requires by default.</summary>
    public const double DefaultThreshold = 0.95;

    public async Task<EvalReport> RunAsync(EvalSuite suite, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<EvalOutcome>();
        var run = Guid.NewGuid().ToString("N")[..8];
        foreach (var c in suite.Cases)
        {
            var conversation = c.Conversation is null ? null : $"eval-{run}-{c.Conversation}";
            var watch = Stopwatch.StartNew();
            Answer answer;
            try
            {
                answer = await analyst.AskAsync(new Question(c.Question, "eval", "eval", conversation, asOf), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcomes.Add(new EvalOutcome(c, false, $"threw {e.GetType().Name}: {e.Message}", null, AnswerKind.Failed, watch.Elapsed.TotalMilliseconds));
                continue;
            }

            var elapsed = watch.Elapsed.TotalMilliseconds;
            var reason = Score(c, answer);
            outcomes.Add(new EvalOutcome(c, reason is null, reason ?? "ok", answer.Skill, answer.Kind, elapsed));
        }

        return new EvalReport(outcomes);
    }

    /// <summary>Null when the answer meets the case's expectations, else why not.</summary>
    public static string? Score(EvalCase c, Answer answer)
    {
        var expected = c.Expect.Split('|', StringSplitOptions.TrimEntries);
        var kind = answer.Kind switch
        {
            AnswerKind.Declined => EvalSuite.Declined,
            AnswerKind.NotUnderstood => EvalSuite.NotUnderstood,
            AnswerKind.Summary => EvalSuite.Summary,
            _ => null,
        };
        // A case may accept a skill or a kind ("kpi_week_over_week|summary"): only judge by kind when no accepted skill ran.
        var acceptsKind = expected.Any(e => e is EvalSuite.Declined or EvalSuite.NotUnderstood or EvalSuite.Summary);
        var acceptedSkillRan = answer.Kind == AnswerKind.Answered && answer.Skill is not null && expected.Contains(answer.Skill);
        if (kind is not null || (acceptsKind && !acceptedSkillRan))
        {
            // Nothing may run when the expectation is a decline; a summary is its own kind.
            var ok = kind is not null && expected.Contains(kind) && (kind == EvalSuite.Summary || answer.Skill is null);
            return ok ? null : $"expected {c.Expect}, got {answer.Kind} {answer.Skill} ({Trim(answer.Text)})";
        }

        if (answer.Kind != AnswerKind.Answered || !expected.Contains(answer.Skill))
        {
            return $"expected {c.Expect}, got {answer.Kind} {answer.Skill} ({Trim(answer.Text)})";
        }

        foreach (var (name, value) in c.Parameters)
        {
            var actual = answer.Parameters.TryGetValue(name, out var v) ? v?.ToString() : null;
            var wanted = value == "null" ? null : value;
            if (!string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return $"{name}: expected {value}, got {actual ?? "null"}";
            }
        }

        foreach (var fact in c.Contains)
        {
            if (!answer.Text.Contains(fact, StringComparison.OrdinalIgnoreCase))
            {
                return $"answer lacks '{fact}': {Trim(answer.Text)}";
            }
        }

        return null;
    }

    private static string Trim(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
