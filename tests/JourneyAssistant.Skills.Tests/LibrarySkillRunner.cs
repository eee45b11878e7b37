using DuckDB.NET.Data;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Execution;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Skills.Transforms;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Skills.Tests;

/// <summary>Runs a library skill's SQL on a given DuckDB connection: real file reader, real parameter binder, real transform.</summary>
internal static class LibrarySkillRunner
{
    /// <summary>The day "today" is for relative periods (the sample data ends on 2026-11-22).</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    public static SkillDefinition Read(string file) => new SkillFileReader(Shared.ChartKinds).Read(Path.Combine(RepoPaths.Skills, file));

    public static SkillResult Run(DuckDBConnection connection, SkillDefinition skill, IReadOnlyDictionary<string, object?> arguments)
    {
        var bound = new ParameterBinder(TestDictionary.Instance).Bind(skill, arguments, AsOf);
        using var command = connection.CreateCommand();
        command.CommandText = skill.Sql;
        foreach (var (name, value) in bound.Sql)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }

        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount)
            .Select(i => new ResultColumn(reader.GetName(i), ColumnRole.Measure, LocalizedText.Both(reader.GetName(i))))
            .ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        var raw = new SkillResult(skill.Id, skill.Version, skill.Title, skill.Chart, columns, rows, skill.Sql, bound.Sql, TimeSpan.Zero, false);
        return skill.Transform switch
        {
            null => raw,
            "markov_removal" => new MarkovRemovalTransform().Apply(raw, new SkillTransformContext(skill, bound.Values)),
            var other => throw new InvalidOperationException($"unknown transform {other}"),
        };
    }
}
