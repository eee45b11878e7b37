using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Narration;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Store.Localization;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Skills.Tests;

/// <summary>Money is shown in the install's currency (Store:Currency), carried by the result's money columns.</summary>
public sealed class CurrencyTests : IDisposable
{
    private static readonly Dictionary<string, object?> November = new() { ["period"] = "2026-11-01..2026-11-30" };
    private readonly TestStore _store = new();

    private static SkillDefinition Skill() => new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "conversion_by_channel.yaml");

    private static ExecutionContext Context() => new("analyst@example.com", "test", "各渠道转化率", DataScope.All, new DateOnly(2026, 11, 22));

    [Fact]
    public async Task Configured_currency_is_carried_by_money_columns_and_shown_in_the_answer()
    {
        var dollars = new SkillExecutor(() => new AnalysisDatabase(_store.StorePath, TestStore.Options()), Shared.Guard, new ParameterBinder(TestDictionary.Instance),
            _store.Audit, [], TestStore.Options(), "Asia/Shanghai") { Currency = new Currency("USD", "$") };

        var result = await dollars.RunAsync(Skill(), November, Context());
        var narrator = new SkillNarrator(TestDictionary.Instance);
        var en = narrator.Narrate(Skill(), result, Language.En).Answer;
        var zh = narrator.Narrate(Skill(), result, Language.Zh).Answer;

        Assert.Equal("$", result.Columns.Single(c => c.Role == ColumnRole.Currency).Unit);
        Assert.All(result.Columns.Where(c => c.Role != ColumnRole.Currency), c => Assert.NotEqual("$", c.Unit));
        Assert.Contains("revenue $2,007.50", en);
        Assert.Contains("总收入 $2,007.50", zh);
        Assert.DoesNotContain("¥", en + zh);
    }

    [Fact]
    public async Task Default_install_shows_yuan_and_leaves_the_columns_as_declared()
    {
        var result = await _store.Executor().RunAsync(Skill(), November, Context());
        var en = new SkillNarrator(TestDictionary.Instance).Narrate(Skill(), result, Language.En).Answer;

        Assert.Null(result.Columns.Single(c => c.Role == ColumnRole.Currency).Unit);
        Assert.Contains("revenue ¥2,007.50", en);
    }

    public void Dispose() => _store.Dispose();
}
