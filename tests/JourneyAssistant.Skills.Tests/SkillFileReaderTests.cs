using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

public sealed class SkillFileReaderTests
{
    private static SkillValidator Validator() => new(Shared.Guard, Shared.ChartKinds, []);

    private static IReadOnlyList<SkillIssue> IssuesOf(string yaml)
    {
        var folder = RepoPaths.NewScratchFolder("skill-file");
        var path = Path.Combine(folder, "skill.yaml");
        File.WriteAllText(path, yaml);
        return Assert.Throws<SkillFileException>(() => Validator().Load(path)).Issues;
    }

    private static int LineOf(string yaml, string text) =>
        yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void Valid_skill_parses_every_section()
    {
        var skill = new SkillFileReader(Shared.ChartKinds).Parse(TestSkills.ConversionByChannel, "conversion_by_channel.yaml");

        Assert.Equal(("conversion_by_channel", 1, "test"), (skill.Id, skill.Version, skill.Owner));
        Assert.Equal(3, skill.Examples.Zh.Count);
        Assert.Equal(ParameterType.DateRange, skill.Parameters[0].Type);
        Assert.Equal(["period_start", "period_end"], skill.Parameters[0].SqlNames);
        Assert.Equal("channel", skill.Parameters[1].ValuesFrom);
        Assert.Equal(5, skill.Columns.Count);
        Assert.Equal(new Results.ChartHint("bar", "channel", "conversion_rate"), skill.Chart);
        Assert.Equal(new FocusRule("conversion_rate", true), skill.Focus);
        Assert.Equal(4, skill.Recommendations.Count);
        Assert.True(skill.Recommendations[^1].Always);
        var test = Assert.Single(skill.Tests);
        Assert.Equal("2026-11-01..2026-11-30", test.Arguments["period"]);
        Assert.Equal(0.9m, test.Expect.Columns["conversion_rate"].Min);
        Assert.Equal("store", test.Expect.Focus["channel"]);
    }

    [Fact]
    public void Schema_errors_name_the_file_and_line()
    {
        var yaml = TestSkills.ConversionByChannel
            .Replace("type: date_range", "type: daterange", StringComparison.Ordinal)
            .Replace("role: percent", "role: ratio", StringComparison.Ordinal)
            .Replace("chart: { kind: bar", "chart: { kind: pie", StringComparison.Ordinal);

        var issues = IssuesOf(yaml);

        Assert.Contains(issues, i => i.Line == LineOf(yaml, "type: daterange") && i.Message.Contains("'daterange' is unknown", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Line == LineOf(yaml, "role: ratio") && i.Message.Contains("'ratio' is unknown", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Line == LineOf(yaml, "kind: pie") && i.Message.Contains("chart kind 'pie'", StringComparison.Ordinal));
        Assert.All(issues, i => Assert.EndsWith("skill.yaml", i.File));
        Assert.Matches(@"skill\.yaml:\d+: ", issues[0].ToString());
    }

    [Fact]
    public void Fewer_than_three_examples_per_language_is_an_error()
    {
        var yaml = TestSkills.ConversionByChannel.Replace("  en: [Conversion by channel, Which channel converts best?, Compare channel conversion]", "  en: [Conversion by channel]", StringComparison.Ordinal);

        var issues = IssuesOf(yaml);

        Assert.Contains(issues, i => i.Message.Contains("examples.en has 1 question(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameters_used_in_sql_must_be_declared_and_declared_ones_used()
    {
        var yaml = TestSkills.ConversionByChannel
            .Replace("AND ($channel IS NULL OR channel = $channel)", "AND ($region IS NULL OR region = $region)", StringComparison.Ordinal);

        var messages = IssuesOf(yaml).Select(i => i.Message).ToList();

        Assert.Contains("sql uses $region, which no parameter declares", messages);
        Assert.Contains("parameter 'channel' is declared but sql never uses $channel", messages);
    }

    [Fact]
    public void Date_range_parameter_must_be_used_as_start_and_end()
    {
        var yaml = TestSkills.ConversionByChannel.Replace("BETWEEN $period_start AND $period_end", "= $period", StringComparison.Ordinal);

        var messages = IssuesOf(yaml).Select(i => i.Message).ToList();

        Assert.Contains("sql uses $period, which no parameter declares", messages);
        Assert.Contains("parameter 'period' is declared but sql never uses $period_start", messages);
    }

    [Fact]
    public void Sql_that_the_guard_rejects_is_an_error_at_the_sql_line()
    {
        var yaml = TestSkills.ConversionByChannel.Replace("FROM journey_events", "FROM touchpoint_events", StringComparison.Ordinal);

        var issue = Assert.Single(IssuesOf(yaml));

        Assert.Equal(LineOf(yaml, "sql: |"), issue.Line);
        Assert.Contains("rejected by the SQL guard", issue.Message);
        Assert.Contains("touchpoint_events", issue.Message);
    }

    [Fact]
    public void Placeholders_must_name_declared_columns_and_parameters()
    {
        var yaml = TestSkills.ConversionByChannel
            .Replace("{focus.buyers}/{focus.people}", "{focus.buyer}/{focus.people}", StringComparison.Ordinal)
            .Replace("渠道：{param.channel}", "渠道：{param.region}", StringComparison.Ordinal);

        var messages = IssuesOf(yaml).Select(i => i.Message).ToList();

        Assert.Contains(messages, m => m.Contains("{focus.buyer} names column 'buyer'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("{param.region} names parameter 'region'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_fields_and_missing_languages_are_reported()
    {
        var yaml = TestSkills.ConversionByChannel
            .Replace("owner: test", "owner: test\ncolour: blue", StringComparison.Ordinal)
            .Replace("title: { zh: 各渠道转化率, en: Conversion by channel }", "title: { zh: 各渠道转化率 }", StringComparison.Ordinal);

        var issues = IssuesOf(yaml);

        Assert.Contains(issues, i => i.Line == LineOf(yaml, "colour: blue") && i.Message.StartsWith("unknown field 'colour'", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Line == LineOf(yaml, "title:") && i.Message.Contains("title needs non-empty zh and en", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_reports_the_line_of_the_syntax_error()
    {
        var yaml = "id: x\nversion: 1\nowner: me\n  title: bad indent\n";

        var issue = Assert.Single(IssuesOf(yaml));

        Assert.Contains("not valid YAML", issue.Message);
        Assert.Equal(4, issue.Line);
    }

    [Fact]
    public void Unclosed_flow_collection_is_reported_not_thrown()
    {
        var issue = Assert.Single(IssuesOf("id: x\nversion: 1\ntitle: { zh: a, en: b\nowner: me\n"));

        Assert.Contains("not valid YAML", issue.Message);
    }

    [Fact]
    public void Sql_may_live_in_a_sibling_file()
    {
        var folder = RepoPaths.NewScratchFolder("skill-sql");
        var sqlStart = TestSkills.ConversionByChannel.IndexOf("sql: |", StringComparison.Ordinal);
        var sqlEnd = TestSkills.ConversionByChannel.IndexOf("columns:", StringComparison.Ordinal);
        var sql = string.Join('\n', TestSkills.ConversionByChannel[(sqlStart + 6)..sqlEnd].Split('\n').Select(l => l.Length >= 2 ? l[2..] : l));
        File.WriteAllText(Path.Combine(folder, "conversion_by_channel.yaml"), TestSkills.ConversionByChannel.Remove(sqlStart, sqlEnd - sqlStart));
        File.WriteAllText(Path.Combine(folder, "conversion_by_channel.sql"), sql);

        var skill = Validator().Load(Path.Combine(folder, "conversion_by_channel.yaml"));

        Assert.Contains("FROM journey_events", skill.Sql);
    }
}
