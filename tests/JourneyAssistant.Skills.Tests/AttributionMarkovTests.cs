using JourneyAssistant.Skills.Results;
using JourneyAssistant.Skills.Transforms;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Tests;

/// <summary>The Markov removal effect against chains solved by hand.</summary>
public sealed class AttributionMarkovTests
{
    private const double Tolerance = 1e-12;

    /// <summary>
    /// Paths: A>B converts (1 journey), A does not (1), B converts (1).
    /// Transitions: start→A 2/3, start→B 1/3; A→B 1/2, A→null 1/2; B→conv 2/2.
    /// x_B = 1; x_A = ½·x_B = ½; P = ⅔·½ + ⅓·1 = ⅔ (= the observed 2 of 3).
    /// Remove A: start→A goes to null, P = ⅓·1 = ⅓ → RE_A = 1 − (⅓ ÷ ⅔) = ½.
    /// Remove B: x_A = 0, P = 0 → RE_B = 1.
    /// Shares: A = ½ ÷ 1½ = ⅓, B = ⅔; 2 conversions → A ⅔, B 1⅓. Last touch: A 0, B 2.
    /// </summary>
    [Fact]
    public void Markov_removal_effect_matches_a_hand_solved_two_channel_chain()
    {
        var model = MarkovAttribution.Compute(
        [
            new JourneyPath(["A", "B"], Journeys: 1, Conversions: 1, Revenue: 100),
            new JourneyPath(["A"], Journeys: 1, Conversions: 0),
            new JourneyPath(["B"], Journeys: 1, Conversions: 1, Revenue: 200),
        ]);

        Assert.Equal(2.0 / 3, model.ConversionProbability, Tolerance);
        var a = model.Credits.Single(c => c.Channel == "A");
        var b = model.Credits.Single(c => c.Channel == "B");
        Assert.Equal(0.5, a.RemovalEffect, Tolerance);
        Assert.Equal(1.0, b.RemovalEffect, Tolerance);
        Assert.Equal(1.0 / 3, a.Share, Tolerance);
        Assert.Equal(2.0 / 3, b.Share, Tolerance);
        Assert.Equal(2.0 / 3, a.Conversions, Tolerance);
        Assert.Equal(4.0 / 3, b.Conversions, Tolerance);
        Assert.Equal(100.0, a.Revenue, 1e-9); // ⅓ of 300
        Assert.Equal(0.0, a.LastTouchConversions);
        Assert.Equal(2.0, b.LastTouchConversions);
        Assert.Equal("B", model.Credits[0].Channel); // largest removal effect first
    }

    /// <summary>
    /// A loop that only an exact solve gets right. Paths: A>B>A converts (1), B does not (1).
    /// Transitions: start→A ½, start→B ½; A→B ½, A→conv ½; B→A ½, B→null ½.
    /// x_A = ½·x_B + ½, x_B = ½·x_A ⇒ x_A = ¼·x_A + ½ ⇒ x_A = ⅔, x_B = ⅓; P = ½·⅔ + ½·⅓ = ½.
    /// Remove A: x_B = 0 ⇒ P = 0 ⇒ RE_A = 1. Remove B: x_A = ½ ⇒ P = ¼ ⇒ RE_B = ½.
    /// Shares: A ⅔, B ⅓ of 1 conversion.
    /// </summary>
    [Fact]
    public void Markov_removal_effect_solves_a_loop_between_channels_exactly()
    {
        var model = MarkovAttribution.Compute(
        [
            new JourneyPath(["A", "B", "A"], Journeys: 1, Conversions: 1),
            new JourneyPath(["B"], Journeys: 1, Conversions: 0),
        ]);

        Assert.Equal(0.5, model.ConversionProbability, Tolerance);
        Assert.Equal(1.0, model.Credits.Single(c => c.Channel == "A").RemovalEffect, Tolerance);
        Assert.Equal(0.5, model.Credits.Single(c => c.Channel == "B").RemovalEffect, Tolerance);
        Assert.Equal(2.0 / 3, model.Credits.Single(c => c.Channel == "A").Conversions, Tolerance);
        Assert.Equal(1.0 / 3, model.Credits.Single(c => c.Channel == "B").Conversions, Tolerance);
    }

    /// <summary>
    /// Three channels, each journey repeated 10×. Paths: D>S converts 6 of 10, D fails 10 of 10, S converts 2 of 10, M>S converts 4 of 10.
    /// start: D 20/40, S 10/40, M 10/40. D→S 10/20, D→null 10/20. M→S 10/10. S→conv 12/30, S→null 18/30.
    /// x_S = 0.4, x_D = ½·0.4 = 0.2, x_M = 0.4; P = ½·0.2 + ¼·0.4 + ¼·0.4 = 0.3 (12 of 40).
    /// Remove D: P = ¼·0.4 + ¼·0.4 = 0.2 → RE_D = ⅓. Remove S: P = 0 → RE_S = 1. Remove M: P = 0.1 + 0.1 = 0.2 → RE_M = ⅓.
    /// Shares: D ⅕, S ⅗, M ⅕ of 12 conversions → 2.4, 7.2, 2.4.
    /// </summary>
    [Fact]
    public void Markov_removal_effect_matches_a_hand_solved_three_channel_chain()
    {
        var model = MarkovAttribution.Compute(
        [
            new JourneyPath(["D", "S"], 10, 6),
            new JourneyPath(["D"], 10, 0),
            new JourneyPath(["S"], 10, 2),
            new JourneyPath(["M", "S"], 10, 4),
        ]);

        Assert.Equal(0.3, model.ConversionProbability, Tolerance);
        Assert.Equal(1.0 / 3, model.Credits.Single(c => c.Channel == "D").RemovalEffect, Tolerance);
        Assert.Equal(1.0, model.Credits.Single(c => c.Channel == "S").RemovalEffect, Tolerance);
        Assert.Equal(1.0 / 3, model.Credits.Single(c => c.Channel == "M").RemovalEffect, Tolerance);
        Assert.Equal(2.4, model.Credits.Single(c => c.Channel == "D").Conversions, 1e-9);
        Assert.Equal(7.2, model.Credits.Single(c => c.Channel == "S").Conversions, 1e-9);
        Assert.Equal(12.0, model.Credits.Sum(c => c.Conversions), 1e-9);
    }

    [Fact]
    public void Markov_attribution_without_conversions_credits_nobody()
    {
        var model = MarkovAttribution.Compute([new JourneyPath(["A", "B"], 5, 0)]);

        Assert.Equal(0.0, model.ConversionProbability);
        Assert.All(model.Credits, c => Assert.Equal(0.0, c.Conversions));
    }

    [Fact]
    public void Markov_attribution_rejects_more_conversions_than_journeys()
    {
        var error = Assert.Throws<ArgumentException>(() => MarkovAttribution.Compute([new JourneyPath(["A"], 1, 2)]));

        Assert.Contains("2 conversions out of 1 journeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markov_transform_turns_sql_paths_into_the_declared_columns()
    {
        var skill = LibrarySkillRunner.Read("attribution_markov.yaml");
        var rawColumns = new[] { "path", "journeys", "conversions", "revenue" }
            .Select(n => new ResultColumn(n, ColumnRole.Measure, LocalizedText.Both(n)))
            .ToList();
        var raw = new SkillResult(skill.Id, skill.Version, skill.Title, skill.Chart, rawColumns,
            [["douyin>search", 1L, 1L, 100.0], ["douyin", 1L, 0L, 0.0], ["search", 1L, 1L, 200.0]],
            skill.Sql, new Dictionary<string, object?>(), TimeSpan.FromMilliseconds(5), false);

        var result = new MarkovRemovalTransform().Apply(raw, new SkillTransformContext(skill, new Dictionary<string, object?>()));

        Assert.Equal(skill.Columns.Select(c => c.Name), result.Columns.Select(c => c.Name));
        Assert.Equal("search", result.Rows[0][result.IndexOf("channel")]);
        Assert.Equal(1.0, (double)result.Rows[0][result.IndexOf("removal_effect")]!, Tolerance);
        Assert.Equal(0.5, (double)result.Rows[1][result.IndexOf("removal_effect")]!, Tolerance);
        Assert.Equal(skill.Sql, result.Sql);
    }
}
