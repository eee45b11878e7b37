using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Guard;

/// <summary>The guard's decision on one SQL text: allowed, or rejected with a reason in plain words.</summary>
public sealed record GuardVerdict(bool Allowed, LocalizedText? Reason, IReadOnlySet<string> Parameters, IReadOnlySet<string> Relations)
{
    public static GuardVerdict Reject(string zh, string en) => new(false, new LocalizedText(zh, en), ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);
}

/// <summary>A SQL text the guard refused; nothing ran.</summary>
public sealed class SqlRejectedException(LocalizedText reason) : Exception(reason.En)
{
    public LocalizedText Reason { get; } = reason;
}

/// <summary>
/// Decides whether a SQL text may run: DuckDB's own parser (json_serialize_sql) turns it into an AST, which must be
/// exactly one SELECT that reads only the analysis views (or its own CTEs), calls no file/URL/catalog/settings function
/// and is not absurdly nested. Everything the guard does not recognise is refused: safe by default.
/// </summary>
public sealed class SqlGuard : IDisposable
{
    /// <summary>The only relations a query may read (docs/ARCHITECTURE.md, "Analysis views").</summary>
    public static readonly IReadOnlySet<string> AnalysisViews = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "journey_events", "people", "orders", "tickets", "survey_responses",
        "dim_stages", "dim_channels", "dim_touchpoints", "dim_events", "identity_coverage", "journey_profile");

    /// <summary>Table functions that only generate values.</summary>
    public static readonly IReadOnlySet<string> AllowedTableFunctions = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "range", "generate_series", "unnest");

    private static readonly string[] DeniedPrefixes =
    [
        "read_", "duckdb_", "pragma_", "parquet_", "sqlite_", "postgres_", "mysql_", "iceberg_", "delta_", "ducklake_",
        "json_serialize", "json_deserialize", "json_execute", "pg_", "arrow_", "http_", "s3_", "azure_", "load_", "install_",
    ];

    private static readonly ImmutableHashSet<string> DeniedFunctions = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "glob", "current_setting", "getenv", "getvariable", "sniff_csv", "query", "query_table", "which_secret",
        "current_database", "current_schema", "current_schemas", "current_catalog", "nextval", "currval", "setseed",
        "sql_auto_complete", "test_all_types", "test_vector_types", "checkpoint", "force_checkpoint", "has_table_privilege",
        "has_schema_privilege", "has_database_privilege", "summary", "seq_scan", "index_scan", "repeat_row", "system",
        "enable_profiling", "icu_calendar_names", "tpch", "tpcds", "dbgen", "dsdgen", "parquet_scan", "st_read");

    private static readonly HashSet<string> TableSourceTypes = new(StringComparer.Ordinal)
    {
        "BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "TABLE_FUNCTION", "EXPRESSION_LIST", "PIVOT",
    };

    /// <summary>Longest SQL text accepted.</summary>
    public const int MaxLength = 50_000;

    /// <summary>Deepest nesting of parentheses accepted before parsing (DuckDB's own limit is far higher and slower to reach).</summary>
    public const int MaxParenthesisDepth = 48;

    /// <summary>Deepest nesting of queries (subqueries, CTE bodies, set operations).</summary>
    public const int MaxQueryDepth = 16;

    private readonly DuckDBConnection _parser;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, GuardVerdict> _cache = new(StringComparer.Ordinal);

    public SqlGuard()
    {
        // A private in-memory database used only to parse; it never sees data.
        _parser = new DuckDBConnection("Data Source=:memory:");
        _parser.Open();
        using var command = _parser.CreateCommand();
        command.CommandText = "SET enable_external_access=false; SET autoload_known_extensions=false; SET autoinstall_known_extensions=false; SET lock_configuration=true;";
        command.ExecuteNonQuery();
    }

    /// <summary>Checks <paramref name="sql"/>; never throws for bad input.</summary>
    public GuardVerdict Check(string sql)
    {
        if (_cache.TryGetValue(sql, out var cached))
        {
            return cached;
        }

        var verdict = Decide(sql);
        if (_cache.Count < 4096)
        {
            _cache[sql] = verdict;
        }

        return verdict;
    }

    /// <summary>Checks <paramref name="sql"/> and throws <see cref="SqlRejectedException"/> when it may not run.</summary>
    public GuardVerdict Enforce(string sql)
    {
        var verdict = Check(sql);
        return verdict.Allowed ? verdict : throw new SqlRejectedException(verdict.Reason!);
    }

    private GuardVerdict Decide(string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return GuardVerdict.Reject("SQL 为空。", "The SQL is empty.");
        }

        if (sql.Length > MaxLength)
        {
            return GuardVerdict.Reject($"SQL 太长（超过 {MaxLength} 个字符）。", $"The SQL is too long (over {MaxLength} characters).");
        }

        if (ParenthesisDepth(sql) > MaxParenthesisDepth)
        {
            return GuardVerdict.Reject("查询嵌套太深。", "The query is nested too deeply.");
        }

        string json;
        try
        {
            lock (_gate)
            {
                using var command = _parser.CreateCommand();
                command.CommandText = "SELECT json_serialize_sql($sql::VARCHAR)";
                command.Parameters.Add(new DuckDBParameter("sql", sql));
                json = (string)command.ExecuteScalar()!;
            }
        }
        catch (Exception e)
        {
            return GuardVerdict.Reject($"无法解析 SQL：{FirstLine(e.Message)}", $"The SQL could not be parsed: {FirstLine(e.Message)}");
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
            return Inspect(document.RootElement);
        }
        catch (JsonException)
        {
            return GuardVerdict.Reject("查询嵌套太深。", "The query is nested too deeply.");
        }
    }

    private static GuardVerdict Inspect(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
            if (message.Contains("Only SELECT", StringComparison.OrdinalIgnoreCase))
            {
                return GuardVerdict.Reject(
                    "只允许一条 SELECT 查询；不允许修改数据或结构（INSERT/UPDATE/DELETE/CREATE/DROP）、PRAGMA、SET、ATTACH、COPY、EXPORT、INSTALL/LOAD、CALL，也不允许多条语句。",
                    "Only a single SELECT query is allowed: no data or schema changes (INSERT/UPDATE/DELETE/CREATE/DROP), PRAGMA, SET, ATTACH, COPY, EXPORT, INSTALL/LOAD, CALL, and no multiple statements.");
            }

            return GuardVerdict.Reject($"无法解析 SQL：{FirstLine(message)}", $"The SQL could not be parsed: {FirstLine(message)}");
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            return statements.GetArrayLength() == 0
                ? GuardVerdict.Reject("SQL 里没有查询。", "The SQL holds no query.")
                : GuardVerdict.Reject("一次只能执行一条语句。", "Only one statement may run at a time.");
        }

        var walk = new Walk();
        walk.Visit(statements[0], ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase), 0);
        return walk.Rejection ?? new GuardVerdict(true, null, walk.Parameters, walk.Relations);
    }

    private static int ParenthesisDepth(string sql)
    {
        int depth = 0, max = 0;
        foreach (var c in sql)
        {
            if (c == '(')
            {
                max = Math.Max(max, ++depth);
            }
            else if (c == ')')
            {
                depth--;
            }
        }

        return max;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public void Dispose() => _parser.Dispose();

    /// <summary>One walk over a statement's AST, carrying the CTE names in scope.</summary>
    private sealed class Walk
    {
        public GuardVerdict? Rejection { get; private set; }

        public HashSet<string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Relations { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Set by a table source: the next function the walk meets is that table function's own call.</summary>
        private bool _tableFunctionNext;

        public void Visit(JsonElement element, ImmutableHashSet<string> ctes, int depth)
        {
            if (Rejection is not null)
            {
                return;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, ctes, depth);
                }

                return;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            var isClass = element.TryGetProperty("class", out var classElement);
            if (type.EndsWith("_NODE", StringComparison.Ordinal) && element.TryGetProperty("modifiers", out _))
            {
                if (++depth > MaxQueryDepth)
                {
                    Reject("查询嵌套太深。", "The query is nested too deeply.");
                    return;
                }
            }

            if (element.TryGetProperty("cte_map", out var cteMap))
            {
                ctes = VisitCtes(cteMap, ctes, depth);
            }

            if (type == "RECURSIVE_CTE_NODE" && element.TryGetProperty("cte_name", out var recursiveName) && recursiveName.GetString() is { } name)
            {
                VisitRecursiveCte(element, name, ctes, depth);
                return;
            }

            if (!isClass && element.TryGetProperty("sample", out _) && element.TryGetProperty("alias", out _))
            {
                CheckTableSource(element, type, ctes);
            }
            else if (isClass && classElement.GetString() is "FUNCTION" or "WINDOW")
            {
                CheckFunction(element);
            }
            else if (isClass && classElement.GetString() == "PARAMETER" && element.TryGetProperty("identifier", out var identifier))
            {
                Parameters.Add(identifier.GetString() ?? "");
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("cte_map"))
                {
                    continue;
                }

                Visit(property.Value, ctes, depth);
            }
        }

        /// <summary>
        /// A recursive CTE's anchor ("left") runs before the CTE exists, so its name there means the real relation of that
        /// name (issue 21: WITH RECURSIVE duckdb_databases AS (SELECT … FROM duckdb_databases …) read the catalog); only the
        /// recursive part sees the CTE itself.
        /// </summary>
        private void VisitRecursiveCte(JsonElement node, string name, ImmutableHashSet<string> ctes, int depth)
        {
            var withSelf = ctes.Add(name);
            foreach (var property in node.EnumerateObject())
            {
                if (property.NameEquals("cte_map"))
                {
                    continue;
                }

                Visit(property.Value, property.NameEquals("left") ? ctes : withSelf, depth);
            }
        }

        /// <summary>Each CTE body sees the CTEs declared before it (a non-recursive CTE's own name still means the outer relation, which must not leak).</summary>
        private ImmutableHashSet<string> VisitCtes(JsonElement cteMap, ImmutableHashSet<string> ctes, int depth)
        {
            if (!cteMap.TryGetProperty("map", out var map))
            {
                return ctes;
            }

            foreach (var entry in map.EnumerateArray())
            {
                var name = entry.GetProperty("key").GetString() ?? "";
                Visit(entry.GetProperty("value"), ctes, depth);
                ctes = ctes.Add(name);
            }

            return ctes;
        }

        private void CheckTableSource(JsonElement element, string type, ImmutableHashSet<string> ctes)
        {
            if (type == "SHOW_REF")
            {
                Reject("不允许 DESCRIBE/SHOW/SUMMARIZE 查看结构；请直接查询分析视图。", "DESCRIBE/SHOW/SUMMARIZE are not allowed; query the analysis views directly.");
                return;
            }

            if (!TableSourceTypes.Contains(type))
            {
                Reject($"不支持的数据来源类型（{type}）。", $"This kind of data source is not allowed ({type}).");
                return;
            }

            if (type == "BASE_TABLE")
            {
                var name = element.GetProperty("table_name").GetString() ?? "";
                var schema = element.TryGetProperty("schema_name", out var s) ? s.GetString() : "";
                var catalog = element.TryGetProperty("catalog_name", out var c) ? c.GetString() : "";
                if (!string.IsNullOrEmpty(schema) || !string.IsNullOrEmpty(catalog))
                {
                    var qualified = string.Join('.', new[] { catalog, schema, name }.Where(p => !string.IsNullOrEmpty(p)));
                    Reject($"不允许带库名或模式名的表（{qualified}）；只能用分析视图的名字：{Views}。",
                        $"Qualified names are not allowed ({qualified}); use the analysis view names only: {Views}.");
                    return;
                }

                if (ctes.Contains(name))
                {
                    return;
                }

                if (!AnalysisViews.Contains(name))
                {
                    Reject($"不允许读取 “{name}”；只能查询分析视图：{Views}。", $"Reading '{name}' is not allowed; only the analysis views may be queried: {Views}.");
                    return;
                }

                Relations.Add(name.ToLowerInvariant());
            }
            else if (type == "TABLE_FUNCTION")
            {
                // A table function streams its rows and is interrupted by the time limit: only list/string calls are sized.
                _tableFunctionNext = true;
                var function = element.GetProperty("function");
                var name = function.TryGetProperty("function_name", out var n) ? n.GetString() ?? "" : "";
                if (!AllowedTableFunctions.Contains(name))
                {
                    Reject($"不允许调用表函数 {name}()（它可能读取文件、网址或系统目录）；只允许 {string.Join(", ", AllowedTableFunctions)}。",
                        $"The table function {name}() is not allowed (it may read files, URLs or the catalog); only {string.Join(", ", AllowedTableFunctions)} are.");
                }
            }
        }

        private void CheckFunction(JsonElement element)
        {
            var name = element.TryGetProperty("function_name", out var n) ? n.GetString() ?? "" : "";
            var schema = element.TryGetProperty("schema", out var s) ? s.GetString() : "";
            var catalog = element.TryGetProperty("catalog", out var c) ? c.GetString() : "";
            // The parser itself qualifies some built-ins with "main" (e.g. [1, 2] → main.list_value); any other schema is refused.
            if ((!string.IsNullOrEmpty(schema) && schema != "main") || !string.IsNullOrEmpty(catalog))
            {
                Reject($"不允许带模式名的函数（{schema}.{name}）。", $"Schema-qualified functions are not allowed ({schema}.{name}).");
                return;
            }

            if (DeniedFunctions.Contains(name) || DeniedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                Reject($"不允许调用函数 {name}()：它会读取文件、网址、系统目录或设置。", $"The function {name}() is not allowed: it reads files, URLs, the catalog or settings.");
                return;
            }

            // Window-only forms (row_number(), rank() …) carry their name too; a WINDOW node without one is an aggregate's.
            if (name.Length > 0 && !FunctionAllowList.Allows(name))
            {
                Reject($"不允许调用函数 {name}()：它不在允许的函数清单上（算术、字符串、日期、列表、聚合和窗口函数）。",
                    $"The function {name}() is not allowed: it is not on the list of allowed functions (arithmetic, string, date, list, aggregate and window functions).");
                return;
            }

            var tableFunction = _tableFunctionNext;
            _tableFunctionNext = false;
            if (!tableFunction && GeneratedSize.LimitOf(name) is { } limit)
            {
                var (tooLarge, unbounded, estimate) = GeneratedSize.Check(name, element);
                if (unbounded)
                {
                    Reject($"{name}() 的大小只能用查询里写明的数字、日期或参数，不能由数据计算。",
                        $"The size of {name}() must be numbers, dates or parameters written in the query, not computed from data.");
                }
                else if (tooLarge)
                {
                    Reject($"{name}() 会生成约 {estimate:N0} 个元素/字符，超过上限 {limit:N0}。请缩小范围。",
                        $"{name}() would generate about {estimate:N0} elements/characters, over the limit of {limit:N0}. Use a smaller range.");
                }
            }
        }

        private static string Views => string.Join(", ", AnalysisViews.Order(StringComparer.Ordinal));

        private void Reject(string zh, string en) => Rejection ??= GuardVerdict.Reject(zh, en);
    }
}
