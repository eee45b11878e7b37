using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Definitions;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Skills.Results;
using JourneyAssistant.Skills.Transforms;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyAssistant.Skills.Execution;

/// <summary>
/// The only way SQL reaches the store: bind → guard → scope → run with a time limit and a row limit → transform →
/// audit. Every attempt, including rejected, failed and timed-out ones, leaves an audit record.
/// </summary>
public sealed partial class SkillExecutor : ISkillExecutor
{
    private static readonly LocalizedText AdhocTitle = new("临时 SQL 查询", "Ad-hoc SQL query");

    private readonly Func<AnalysisDatabase> _openDatabase;
    private readonly SqlGuard _guard;
    private readonly ParameterBinder _binder;
    private readonly IAuditLog _audit;
    private readonly Dictionary<string, ISkillTransform> _transforms;
    private readonly SkillsOptions _options;
    private readonly ReportingClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResultCache? _cache;

    /// <param name="time">The system clock when null.</param>
    public SkillExecutor(Func<AnalysisDatabase> database, SqlGuard guard, ParameterBinder binder, IAuditLog audit, IEnumerable<ISkillTransform> transforms,
        SkillsOptions options, string reportingTimeZone, TimeProvider? time = null, ILogger<SkillExecutor>? logger = null)
        : this(database, guard, binder, audit, transforms, options, new ReportingClock(time ?? TimeProvider.System, reportingTimeZone), logger)
    {
    }

    /// <param name="clock">Today in the reporting zone, and the instants of audit records, timings and the result cache.</param>
    public SkillExecutor(
        Func<AnalysisDatabase> database,
        SqlGuard guard,
        ParameterBinder binder,
        IAuditLog audit,
        IEnumerable<ISkillTransform> transforms,
        SkillsOptions options,
        ReportingClock clock,
        ILogger<SkillExecutor>? logger = null)
    {
        _openDatabase = database;
        _guard = guard;
        _binder = binder;
        _audit = audit;
        _transforms = transforms.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        _options = options;
        _clock = clock;
        _ = clock.Zone; // an unknown reporting zone fails here, at construction
        _time = clock.Time;
        _logger = logger ?? NullLogger<SkillExecutor>.Instance;
        var cache = options.ResultCache;
        _cache = cache.Enabled
            ? new ResultCache(Math.Max(1, cache.MaxEntries), TimeSpan.FromSeconds(Math.Max(1, cache.TimeToLiveSeconds)), _time)
            : null;
    }

    private long _statementsRun;
    private long _interrupts;

    /// <summary>User statements handed to DuckDB to run (after both gates): the observable that a refused statement never ran.</summary>
    public long StatementsRun => Interlocked.Read(ref _statementsRun);

    /// <summary>Statements stopped through DuckDB's interrupt (time limit or caller cancel).</summary>
    public long Interrupts => Interlocked.Read(ref _interrupts);

    /// <summary>Results held by the result cache now (0 when it is off).</summary>
    public int CachedResults => _cache?.Count ?? 0;

    /// <summary>Names of the registered transforms.</summary>
    public IReadOnlyCollection<string> Transforms => _transforms.Keys;

    /// <summary>Today's date in the reporting zone: what "as of" means when the caller does not say.</summary>
    public DateOnly Today => _clock.Today;

    public async Task<SkillResult> RunAsync(SkillDefinition skill, IReadOnlyDictionary<string, object?>? arguments, ExecutionContext context, CancellationToken cancellationToken = default)
    {
        var run = new Run(AuditRecord.NewId(), skill.Id, skill.Version, skill.Sql, context, _time.GetTimestamp());
        var asOf = context.AsOf ?? Today;
        BoundParameters bound;
        try
        {
            bound = _binder.Bind(skill, arguments, asOf);
        }
        catch (ParameterBindingException e)
        {
            run.ParametersJson = JsonSerializer.Serialize(arguments?.ToDictionary(a => a.Key, a => a.Value?.ToString()) ?? []);
            throw await FailAsync(run, SkillOutcome.Rejected, e.Text, e);
        }

        run.ParametersJson = ToJson(bound);
        if (skill.Transform is not null && !_transforms.ContainsKey(skill.Transform))
        {
            throw await FailAsync(run, SkillOutcome.Failed, new LocalizedText(
                $"技能 {skill.Id} 需要的后处理 “{skill.Transform}” 未注册。", $"Skill {skill.Id} needs the transform '{skill.Transform}', which is not registered."));
        }

        var key = CacheKey(version => ResultCacheKey.For(skill, run.ParametersJson, asOf, context.Scope, _options.RowLimit, version), context.Scope);
        return await ThroughCacheAsync(run, key, () => ComputeAsync(run, skill, bound, cancellationToken), cancellationToken);
    }

    /// <summary>Runs the skill's bound SQL, shapes and audits the result.</summary>
    private async Task<SkillResult> ComputeAsync(Run run, SkillDefinition skill, BoundParameters bound, CancellationToken cancellationToken)
    {
        var raw = await ExecuteAsync(run, bound.Sql, cancellationToken);
        var parameters = new Dictionary<string, object?>(bound.Values, StringComparer.Ordinal);
        foreach (var (name, value) in bound.Sql)
        {
            parameters.TryAdd(name, value);
        }

        SkillResult result;
        try
        {
            if (skill.Transform is { } transformName)
            {
                var rawResult = new SkillResult(skill.Id, skill.Version, skill.Title, skill.Chart, raw.Columns.Select(c => InferColumn(c.Name, c.Type)).ToList(),
                    raw.Rows, skill.Sql, parameters, raw.Duration, raw.Truncated);
                result = _transforms[transformName].Apply(rawResult, new SkillTransformContext(skill, parameters));
            }
            else
            {
                result = new SkillResult(skill.Id, skill.Version, skill.Title, skill.Chart, skill.Columns, Project(skill, raw), skill.Sql, parameters, raw.Duration, raw.Truncated);
            }
        }
        catch (Exception e) when (e is not SkillExecutionException)
        {
            throw await FailAsync(run, SkillOutcome.Failed, new LocalizedText($"技能 {skill.Id} 的结果处理失败：{e.Message}", $"Skill {skill.Id} could not shape its result: {e.Message}"), e);
        }

        return await AuditedAsync(run, InCurrency(result));
    }

    /// <summary>The install's currency ("Store:Currency"); money columns of every result carry its symbol.</summary>
    public Currency Currency { get; init; } = Currency.Default;

    // The symbol travels in the money columns' unit, so every formatter (narration, tables, chart axes, cards) shows the
    // install's currency without being handed the options. Left unset for the default, so yuan results stay as they were.
    private SkillResult InCurrency(SkillResult result) =>
        Currency == Currency.Default || !result.Columns.Any(c => c.Role == ColumnRole.Currency && c.Unit is null)
            ? result
            : result with { Columns = [.. result.Columns.Select(c => c.Role == ColumnRole.Currency && c.Unit is null ? c with { Unit = Currency.Symbol } : c)] };

    public async Task<SkillResult> RunAdhocAsync(string sql, ExecutionContext context, CancellationToken cancellationToken = default)
    {
        var run = new Run(AuditRecord.NewId(), null, null, sql, context, _time.GetTimestamp());
        var key = CacheKey(version => ResultCacheKey.ForAdhoc(sql, context.Scope, _options.RowLimit, version), context.Scope);
        return await ThroughCacheAsync(run, key, () => ComputeAdhocAsync(run, cancellationToken), cancellationToken);
    }

    private async Task<SkillResult> ComputeAdhocAsync(Run run, CancellationToken cancellationToken)
    {
        var sql = run.Sql;
        var raw = await ExecuteAsync(run, new Dictionary<string, object?>(), cancellationToken);
        var columns = raw.Columns.Select(c => InferColumn(c.Name, c.Type)).ToList();
        var result = new SkillResult("adhoc", 0, AdhocTitle, new ChartHint("table"), columns, raw.Rows, sql,
            new Dictionary<string, object?>(), raw.Duration, raw.Truncated);
        return await AuditedAsync(run, result);
    }

    /// <summary>
    /// The columns the skill's SQL returns against the live schema, without reading data (validation, not audited: no
    /// row leaves the store). Parameters are bound from <paramref name="arguments"/> where possible, else NULL.
    /// </summary>
    public async Task<IReadOnlyList<string>> DescribeAsync(SkillDefinition skill, IReadOnlyDictionary<string, object?>? arguments, CancellationToken cancellationToken = default)
    {
        var verdict = _guard.Enforce(skill.Sql);
        IReadOnlyDictionary<string, object?> parameters;
        try
        {
            parameters = _binder.Bind(skill, arguments, Today).Sql;
        }
        catch (ParameterBindingException)
        {
            parameters = skill.Parameters.SelectMany(p => p.SqlNames).ToDictionary(n => n, _ => (object?)null);
        }

        var body = TrailingSemicolon().Replace(skill.Sql, "");
        return await Task.Run(() =>
        {
            using var generation = Acquire();
            using var connection = generation.Database.Open(DataScope.All);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM (\n{body}\n) AS described LIMIT 0";
            foreach (var name in verdict.Parameters)
            {
                command.Parameters.Add(new DuckDBParameter(name, parameters.GetValueOrDefault(name) ?? DBNull.Value));
            }

            using var reader = command.ExecuteReader();
            return (IReadOnlyList<string>)Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        }, cancellationToken);
    }

    /// <summary>Guards and runs <paramref name="run"/>'s SQL under its scope and limits; audits and throws on anything but success.</summary>
    private async Task<RawResult> ExecuteAsync(Run run, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        if (run.Context.Scope.IsDenied)
        {
            throw await FailAsync(run, SkillOutcome.Rejected, new LocalizedText("你没有数据访问权限，请联系管理员开通。", "You have no data access; ask an administrator to grant it."));
        }

        var verdict = _guard.Check(run.Sql);
        if (!verdict.Allowed)
        {
            throw await FailAsync(run, SkillOutcome.Rejected, verdict.Reason!);
        }

        var missing = verdict.Parameters.Where(p => !parameters.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw await FailAsync(run, SkillOutcome.Rejected, new LocalizedText(
                $"SQL 用到了未绑定的参数：{string.Join(", ", missing.Select(m => "$" + m))}。", $"The SQL uses unbound parameters: {string.Join(", ", missing.Select(m => "$" + m))}."));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.QueryTimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await Task.Run(() => Query(run, verdict, parameters, linked.Token), CancellationToken.None);
        }
        catch (SqlRejectedException e)
        {
            throw await FailAsync(run, SkillOutcome.Rejected, e.Reason, e);
        }
        catch (ResultTooLargeException e)
        {
            throw await FailAsync(run, SkillOutcome.Failed, e.Text, e);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw await FailAsync(run, SkillOutcome.TimedOut, new LocalizedText(
                $"查询超过 {_options.QueryTimeoutSeconds} 秒的时间限制，已中止。请缩小时间范围或条件。",
                $"The query exceeded the {_options.QueryTimeoutSeconds}-second time limit and was stopped. Narrow the period or filters."), e);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            await AuditAsync(run, SkillOutcome.Failed, 0, "cancelled by the caller");
            throw new OperationCanceledException("The query was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (e is not SkillExecutionException && e.Message.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase))
        {
            // The analysis connection's memory_limit / max_temp_directory_size (Skills:MemoryLimit, :MaxTempDirectorySize) did its job.
            throw await FailAsync(run, SkillOutcome.Failed, new LocalizedText(
                $"查询需要的内存超过上限（{_options.MemoryLimit}，溢写上限 {_options.MaxTempDirectorySize}），已中止。请缩小时间范围或加筛选条件。",
                $"The query needed more memory than the limit ({_options.MemoryLimit}, spill limit {_options.MaxTempDirectorySize}) and was stopped. Narrow the period or add filters."), e);
        }
        catch (Exception e) when (e is not SkillExecutionException)
        {
            _logger.LogWarning(e, "Query {AuditId} failed", run.Id);
            throw await FailAsync(run, SkillOutcome.Failed, new LocalizedText($"查询执行失败：{FirstLine(e.Message)}", $"The query failed: {FirstLine(e.Message)}"), e);
        }
    }

    private RawResult Query(Run run, GuardVerdict verdict, IReadOnlyDictionary<string, object?> parameters, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        using var generation = Acquire();
        var database = generation.Database;
        using var connection = database.Open(run.Context.Scope);
        var bound = database.PlanGate.Check(connection, run.Sql, verdict.Parameters.ToDictionary(n => n, n => parameters[n]), vetted: run.SkillId is not null);
        if (!bound.Allowed)
        {
            throw new SqlRejectedException(bound.Reason!);
        }

        using var command = connection.CreateCommand();
        command.CommandText = run.Sql;
        command.UseStreamingMode = true;
        foreach (var name in verdict.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, parameters[name] ?? DBNull.Value));
        }

        // Interrupting the command is how DuckDB stops a running query; the registration fires on timeout or caller cancel.
        using var registration = token.Register(() =>
        {
            try
            {
                Interlocked.Increment(ref _interrupts);
                command.Cancel();
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Cancel of {AuditId} raced with completion", run.Id);
            }
        });

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _statementsRun);
        using var reader = command.ExecuteReader();
        var size = new ResultSize(_options.MaxResultMegabytes);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), reader.GetDataTypeName(i))).ToList();
        var rows = new List<object?[]>();
        var truncated = false;
        while (reader.Read())
        {
            token.ThrowIfCancellationRequested();
            if (rows.Count == _options.RowLimit)
            {
                truncated = true;
                break;
            }

            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : ToClr(reader.GetValue(i), columns[i].Item2);
            }

            size.Add(row);
            rows.Add(row);
        }

        token.ThrowIfCancellationRequested();
        return new RawResult(columns, rows, Stopwatch.GetElapsedTime(started), truncated);
    }

    /// <summary>Orders the SQL's columns as the skill declares them; a declared column the SQL does not return is an error.</summary>
    private static IReadOnlyList<object?[]> Project(SkillDefinition skill, RawResult raw)
    {
        var indexes = skill.Columns.Select(c => raw.Columns.FindIndex(r => string.Equals(r.Name, c.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
        var missing = skill.Columns.Where((_, i) => indexes[i] < 0).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"the SQL does not return the declared column(s) {string.Join(", ", missing)}");
        }

        if (indexes.SequenceEqual(Enumerable.Range(0, raw.Columns.Count)))
        {
            return raw.Rows;
        }

        return raw.Rows.Select(r => indexes.Select(i => r[i]).ToArray()).ToList();
    }

    /// <summary>DuckDB values as plain CLR values: long, double, decimal, string, DateOnly, DateTime, bool.</summary>
    internal static object? ToClr(object value, string typeName) => value switch
    {
        long or double or decimal or string or bool or DateOnly => value,
        int i => (long)i,
        short s => (long)s,
        sbyte sb => (long)sb,
        byte b => (long)b,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul => ul <= long.MaxValue ? (long)ul : (decimal)ul,
        float f => (double)f,
        BigInteger big => big >= long.MinValue && big <= long.MaxValue ? (long)big : (decimal)big,
        DateTime dt when typeName.Equals("Date", StringComparison.OrdinalIgnoreCase) => DateOnly.FromDateTime(dt),
        DateTime dt => dt,
        DateTimeOffset dto => dto.UtcDateTime,
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        System.Collections.IEnumerable e => JsonSerializer.Serialize(e),
        _ => value.ToString(),
    };

    private static ResultColumn InferColumn(string name, string typeName)
    {
        var upper = typeName.ToUpperInvariant();
        var role = upper switch
        {
            _ when upper.Contains("INT", StringComparison.Ordinal) => ColumnRole.Count,
            _ when upper.Contains("DOUBLE", StringComparison.Ordinal) || upper.Contains("FLOAT", StringComparison.Ordinal)
                || upper.Contains("DECIMAL", StringComparison.Ordinal) || upper.Contains("REAL", StringComparison.Ordinal) => ColumnRole.Measure,
            _ => ColumnRole.Dimension,
        };
        return new ResultColumn(name, role, LocalizedText.Both(name));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@";\s*$")]
    private static partial System.Text.RegularExpressions.Regex TrailingSemicolon();

    private sealed record RawResult(List<(string Name, string Type)> Columns, List<object?[]> Rows, TimeSpan Duration, bool Truncated);

    private sealed class Run(string id, string? skillId, int? skillVersion, string sql, ExecutionContext context, long started)
    {
        public string Id { get; } = id;

        public string? SkillId { get; } = skillId;

        public int? SkillVersion { get; } = skillVersion;

        public string Sql { get; } = sql;

        public ExecutionContext Context { get; } = context;

        public long Started { get; } = started;

        public string ParametersJson { get; set; } = "{}";
    }
}
