using JourneyAssistant.Analyst.Answers;
using JourneyAssistant.Analyst.Composition;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Store.Localization;
using ExecutionContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Analyst.Execution;

/// <summary>Model-proposed SQL: same guard, scope, limits and audit as skills; always marked for review.</summary>
internal sealed class GeneratedSqlRunner(ISkillExecutor executor, IAccessPolicy? access)
{
    public async Task<Answer> RunAsync(Question question, string text, Language language, DateOnly asOf, string sql, CancellationToken cancellationToken)
    {
        var zh = language == Language.Zh;
        var scope = access?.ScopeFor(question.User) ?? DataScope.All;
        try
        {
            var result = await executor.RunAdhocAsync(sql, new ExecutionContext(question.User, question.Channel, text, scope, asOf), cancellationToken);
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Sql = result.Sql,
                Columns = result.Columns.Select(c => new AnswerColumn(c.Name, c.Label[language], c.Role.ToString().ToLowerInvariant(), c.Unit)).ToList(),
                Rows = result.Rows.Select(r => r.Select(AnswerComposer.Plain).ToArray()).ToList(),
                Text = zh ? $"模型生成的 SQL，请复核：查询返回 {result.Rows.Count:#,##0} 行。" : $"Generated SQL — please review: the query returned {result.Rows.Count:#,##0} rows.",
                Explanation = zh ? "没有审核过的技能能回答这个问题；这条 SELECT 由模型提出，经过同样的 SQL 守卫与权限范围执行。" : "No vetted skill answers this; the model proposed this SELECT, which ran through the same SQL guard and data scope.",
                GeneratedSql = true,
                DataScope = scope.IsRestricted ? scope.Note()[language] : null,
                Reference = result.AuditId,
                RoutedBy = "llm",
            };
        }
        catch (SkillExecutionException e)
        {
            return new Answer
            {
                Question = question.Text,
                Language = language.Code(),
                Kind = AnswerKind.Failed,
                Text = zh ? $"模型生成的 SQL 未通过检查：{e.Text[language]}（参考编号 {e.AuditId}）" : $"The generated SQL was rejected: {e.Text[language]} (reference {e.AuditId})",
                GeneratedSql = true,
                Reference = e.AuditId,
                RoutedBy = "llm",
            };
        }
    }
}
