using JourneyAssistant.Skills.Definitions;

namespace JourneyAssistant.Skills.Tests;

public sealed class SkillLiveValidatorTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task Skill_tests_run_against_the_store_and_pass()
    {
        var skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "t.yaml");

        var checks = await new SkillLiveValidator(_store.Executor()).CheckAsync(skill);

        Assert.Equal(["columns match the SQL output", "store converts best in November"], checks.Select(c => c.Name));
        Assert.All(checks, c => Assert.True(c.Passed, c.Problem));
    }

    [Fact]
    public async Task Declared_columns_that_the_sql_does_not_return_fail_validation()
    {
        var skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel.Replace("AS revenue", "AS income", StringComparison.Ordinal), "t.yaml");

        var checks = await new SkillLiveValidator(_store.Executor()).CheckAsync(skill);

        var columns = checks[0];
        Assert.False(columns.Passed);
        Assert.Contains("declared but not returned by the SQL: revenue", columns.Problem);
        Assert.Contains("returned by the SQL but not declared: income", columns.Problem);
    }

    [Fact]
    public async Task Failed_expectation_names_what_was_expected_and_found()
    {
        var skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel.Replace("focus: { channel: store }", "focus: { channel: website }", StringComparison.Ordinal), "t.yaml");

        var checks = await new SkillLiveValidator(_store.Executor()).CheckAsync(skill);

        Assert.Equal("expected focus channel = website, got store", checks[1].Problem);
    }

    public void Dispose() => _store.Dispose();
}
