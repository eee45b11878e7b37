using System.Globalization;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

/// <summary>
/// The slow library skills were rewritten for 10M-event stores (issue 17): each rewrite must return exactly what the
/// version before it returned, kept under <c>Reference/</c>, on the scratch store plus the cases a rewrite gets wrong
/// first — events at the same instant (ordered by event key), repeats of one touchpoint, parameters at their bounds.
/// </summary>
public sealed class SkillSqlRewriteTests : IDisposable
{
    private readonly LibraryScratchStore _store = new();

    public SkillSqlRewriteTests()
    {
        using var command = _store.Connection.CreateCommand();
        // Ties: a second touch at the very instant of an existing one, which only the event key orders; and a repeat
        // of the same touchpoint a minute later, which a path merges into one step.
        command.CommandText = """
            INSERT INTO journey_events BY NAME
              SELECT * REPLACE (event_key + 1000000 AS event_key, 'content' AS touchpoint, 'search' AS channel, 1 AS stage_order)
              FROM journey_events WHERE person_id % 7 = 0 AND event = 'page_view';
            INSERT INTO journey_events BY NAME
              SELECT * REPLACE (event_key + 2000000 AS event_key, occurred_at + INTERVAL 1 MINUTE AS occurred_at)
              FROM journey_events WHERE person_id % 5 = 0 AND event = 'product_view';
            """;
        command.ExecuteNonQuery();
    }

    public static TheoryData<string> TopPathsArguments() => new()
    {
        "period=2026-08-01..2026-11-22",
        "period=2026-08-01..2026-11-22;max_steps=2",
        "period=2026-08-01..2026-11-22;max_steps=12;top_n=100",
        "period=2026-10-01..2026-10-31;converted_only=true;top_n=1",
        "period=last_30_days",
    };

    [Theory]
    [MemberData(nameof(TopPathsArguments))]
    public void Top_paths_v2_returns_what_v1_returned(string arguments) =>
        AssertSameRows("top_paths.yaml", "top_paths.v1.sql", Parse(arguments));

    [Theory]
    [InlineData("period=2026-08-01..2026-11-22")]
    [InlineData("period=last_30_days")]
    [InlineData("period=2026-11-10..2026-11-12")]
    public void Markov_attribution_v3_credits_what_v2_credited(string arguments) =>
        AssertSameRows("attribution_markov.yaml", "attribution_markov.v2.sql", Parse(arguments));

    [Theory]
    [InlineData("period=last_30_days")]
    [InlineData("period=2026-11-01..2026-11-30;dimension=touchpoint;lookback_days=3")]
    [InlineData("period=2026-09-01..2026-11-22;model=time_decay;lookback_days=90;half_life_days=2")]
    public void Rule_based_attribution_v3_credits_what_v2_credited(string arguments) =>
        AssertSameRows("attribution_by_channel.yaml", "attribution_by_channel.v2.sql", Parse(arguments));

    [Theory]
    [InlineData("period=last_90_days")]
    [InlineData("period=2026-10-01..2026-11-22;experiment=checkout_v2;window_days=1")]
    public void Ab_test_v2_returns_what_v1_returned(string arguments) =>
        AssertSameRows("ab_test_conversion.yaml", "ab_test_conversion.v1.sql", Parse(arguments));

    [Theory]
    [InlineData("period=last_90_days")]
    [InlineData("period=last_90_days;basis=purchase;max_weeks=4")]
    [InlineData("period=2026-08-01..2026-09-30;max_weeks=12")]
    public void Retention_cohorts_v2_returns_what_v1_returned(string arguments) =>
        AssertSameRows("retention_cohorts.yaml", "retention_cohorts.v1.sql", Parse(arguments));

    [Fact]
    public void Events_with_no_person_are_no_ones_path_or_journey()
    {
        using (var command = _store.Connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO journey_events BY NAME
                  SELECT * REPLACE (NULL::BIGINT AS person_id, event_key + 3000000 AS event_key, 'anon_spot' AS touchpoint, 'anon_channel' AS channel)
                  FROM journey_events WHERE person_id <= 400;
                """;
            command.ExecuteNonQuery();
        }

        var arguments = Parse("period=2026-08-01..2026-11-22;top_n=100;max_steps=12");
        var paths = LibrarySkillRunner.Run(_store.Connection, LibrarySkillRunner.Read("top_paths.yaml"), arguments);
        Assert.NotEmpty(paths.Rows);
        Assert.DoesNotContain(paths.Rows, row => ((string)row[0]!).Contains("anon_spot", StringComparison.Ordinal));

        var markov = LibrarySkillRunner.Read("attribution_markov.yaml") with { Transform = null };
        var journeys = LibrarySkillRunner.Run(_store.Connection, markov, Parse("period=2026-08-01..2026-11-22"));
        Assert.NotEmpty(journeys.Rows);
        Assert.DoesNotContain(journeys.Rows, row => ((string)row[0]!).Contains("anon_channel", StringComparison.Ordinal));
    }

    public void Dispose() => _store.Dispose();

    private void AssertSameRows(string skillFile, string referenceFile, IReadOnlyDictionary<string, object?> arguments)
    {
        var skill = LibrarySkillRunner.Read(skillFile);
        var reference = skill with { Sql = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "JourneyAssistant.Skills.Tests", "Reference", referenceFile)) };

        var expected = Lines(LibrarySkillRunner.Run(_store.Connection, reference, arguments));
        var actual = Lines(LibrarySkillRunner.Run(_store.Connection, skill, arguments));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    /// <summary>One line per row; doubles to 9 decimals, since sums may add up in another order.</summary>
    private static List<string> Lines(SkillResult result) => result.Rows
        .Select(row => string.Join(" | ", row.Select(cell => cell switch
        {
            double d => Math.Round(d, 9).ToString("R", CultureInfo.InvariantCulture),
            decimal m => Math.Round(m, 9).ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            null => "∅",
            var other => other.ToString(),
        })))
        .ToList();

    private static Dictionary<string, object?> Parse(string arguments) => arguments
        .Split(';')
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => (object?)pair[1]);
}
