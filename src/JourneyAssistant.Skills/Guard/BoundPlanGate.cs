using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Guard;

/// <summary>
/// The authoritative second gate (issue 21): asks DuckDB what a statement binds on the very connection it will run on,
/// so no alias, CTE, quoting or view can hide a relation. The unoptimized logical plan (json_serialize_plan) lists every
/// scan, table function and function the binder resolved; each scan must be of a table the analysis views themselves
/// read, each table function a value generator, each function on <see cref="FunctionAllowList"/> (or used inside an
/// analysis view's own definition). Then the optimized plan (EXPLAIN) bounds joins without a usable condition by their
/// estimated size. The parser gate (<see cref="SqlGuard"/>) stays first: it gives the precise reasons and refuses direct
/// reads of raw tables, which this gate cannot tell from the views' own reads.
/// </summary>
public sealed class BoundPlanGate
{
    private static readonly FrozenSet<string> ValueTableFunctions = new[] { "range", "generate_series", "unnest" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Physical operators that pair every row of one side with rows of the other without a hash or merge key.</summary>
    private static readonly FrozenSet<string> ProductJoins = new[]
    {
        "CROSS_PRODUCT", "NESTED_LOOP_JOIN", "BLOCKWISE_NL_JOIN", "PIECEWISE_MERGE_JOIN", "IE_JOIN", "POSITIONAL_JOIN",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenSet<string> _tables;
    private readonly FrozenSet<string> _viewFunctions;
    private readonly long _maxJoinRows;
    private readonly ConcurrentDictionary<string, GuardVerdict> _vetted = new(StringComparer.Ordinal);

    private BoundPlanGate(FrozenSet<string> tables, FrozenSet<string> viewFunctions, long maxJoinRows)
    {
        _tables = tables;
        _viewFunctions = viewFunctions;
        _maxJoinRows = maxJoinRows;
    }

    /// <summary>Tables (catalog.schema.table) the analysis views read: the only scans a plan may hold.</summary>
    public IReadOnlySet<string> Tables => _tables;

    /// <summary>Learns what the analysis <paramref name="views"/> bind to, on <paramref name="connection"/> before it is handed out.</summary>
    public static BoundPlanGate ForViews(DuckDBConnection connection, IEnumerable<string> views, long maxJoinRows)
    {
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var functions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var view in views)
        {
            var plan = SerializePlan(connection, $"SELECT * FROM memory.main.\"{view.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            using var document = JsonDocument.Parse(plan, new JsonDocumentOptions { MaxDepth = 4096 });
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
            {
                throw new InvalidOperationException($"The analysis view {view} cannot be planned: {document.RootElement.GetProperty("error_message").GetString()}");
            }

            Collect(document.RootElement, tables, functions);
        }

        return new BoundPlanGate(tables.ToFrozenSet(StringComparer.OrdinalIgnoreCase), functions.ToFrozenSet(StringComparer.OrdinalIgnoreCase), maxJoinRows);
    }

    /// <summary>
    /// The verdict on <paramref name="sql"/> as bound (throws <see cref="UnboundStatementException"/> when DuckDB cannot
    /// bind it, so what cannot be checked never runs) on <paramref name="connection"/>. A vetted skill's SQL text is judged
    /// once (its parameters change values, not what it binds); ad-hoc SQL is judged every time.
    /// </summary>
    public GuardVerdict Check(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters, bool vetted)
    {
        if (vetted && _vetted.TryGetValue(sql, out var known))
        {
            return known;
        }

        var verdict = Decide(connection, sql, parameters);
        if (vetted && _vetted.Count < 1024)
        {
            _vetted[sql] = verdict;
        }

        return verdict;
    }

    private GuardVerdict Decide(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        string plan;
        try
        {
            plan = SerializePlan(connection, WithTypedNulls(sql, parameters));
        }
        catch (DuckDBException e)
        {
            throw new UnboundStatementException(FirstLine(e.Message), e);
        }

        using (var document = JsonDocument.Parse(plan, new JsonDocumentOptions { MaxDepth = 4096 }))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
            {
                // Usually the statement's own mistake (an unknown column): it fails as running it would, and nothing runs.
                var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
                throw new UnboundStatementException(FirstLine(message));
            }

            if (FindForbidden(root) is { } forbidden)
            {
                return forbidden;
            }

            // EXPLAIN folds constants (it would build a repeat('x', 200000000) once more), so it runs only for joins.
            if (!(root.TryGetProperty("plans", out var plans) && HasJoin(plans)))
            {
                return Allowed;
            }
        }

        return CheckJoins(connection, sql, parameters) ?? Allowed;
    }

    private static readonly GuardVerdict Allowed = new(true, null, FrozenSet<string>.Empty, FrozenSet<string>.Empty);

    /// <summary>True when the logical plan joins anything (a comma join is a cross product until the optimizer finds its condition).</summary>
    private static bool HasJoin(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Any(HasJoin);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && type.GetString() is { } kind && kind.StartsWith("LOGICAL_", StringComparison.Ordinal)
            && (kind.Contains("JOIN", StringComparison.Ordinal) || kind.Contains("CROSS_PRODUCT", StringComparison.Ordinal)))
        {
            return true;
        }

        return element.TryGetProperty("children", out var children) && HasJoin(children);
    }

    /// <summary>The first scan, table function or function in the plan that is not allowed.</summary>
    private GuardVerdict? FindForbidden(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (FindForbidden(item) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Scan(element) is { } scan)
        {
            if (scan.Table is { } table && !_tables.Contains(table))
            {
                return GuardVerdict.Reject($"查询读取了分析视图之外的表 {table}。", $"The query reads {table}, which is not behind an analysis view.");
            }

            if (scan.Table is null && !ValueTableFunctions.Contains(scan.Function))
            {
                return GuardVerdict.Reject($"查询调用了表函数 {scan.Function}()（系统目录、设置或文件），不允许。",
                    $"The query calls the table function {scan.Function}() (catalog, settings or files), which is not allowed.");
            }
        }
        else if (FunctionName(element) is { } function && !FunctionAllowList.Allows(function) && !_viewFunctions.Contains(function))
        {
            return GuardVerdict.Reject($"查询调用了不允许的函数 {function}()。", $"The query calls the function {function}(), which is not allowed.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (FindForbidden(property.Value) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Refuses a product-style join whose sides' estimated rows multiply beyond the limit (issue 21: a 10.8-billion-row self cross join ran).</summary>
    private GuardVerdict? CheckJoins(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        string physical;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN (FORMAT JSON) " + sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
            }

            using var reader = command.ExecuteReader();
            physical = reader.Read() ? reader.GetString(1) : "[]";
        }
        catch (DuckDBException e)
        {
            return GuardVerdict.Reject($"无法估算查询的规模：{FirstLine(e.Message)}", $"The size of the query could not be estimated: {FirstLine(e.Message)}");
        }

        using var document = JsonDocument.Parse(physical, new JsonDocumentOptions { MaxDepth = 4096 });
        var largest = LargestProduct(document.RootElement);
        return largest > _maxJoinRows
            ? GuardVerdict.Reject(
                $"查询包含没有有效连接条件的连接，估计会产生约 {largest:N0} 行，超过上限 {_maxJoinRows:N0}。请加上连接条件（ON … = …）或筛选。",
                $"The query joins without a usable join condition and would produce about {largest:N0} rows, over the limit of {_maxJoinRows:N0}. Add a join condition (ON … = …) or filters.")
            : null;
    }

    private static double LargestProduct(JsonElement element)
    {
        var largest = 0d;
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                largest = Math.Max(largest, LargestProduct(item));
            }

            return largest;
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("children", out var children))
        {
            return largest;
        }

        if (element.TryGetProperty("name", out var name) && name.GetString() is { } op && ProductJoins.Contains(op.Trim()))
        {
            var product = 1d;
            foreach (var child in children.EnumerateArray())
            {
                product *= Math.Max(1, Estimate(child));
            }

            largest = product;
        }

        return Math.Max(largest, LargestProduct(children));
    }

    /// <summary>An operator's estimated rows, or its nearest estimated descendant's (a cross product itself carries none).</summary>
    private static double Estimate(JsonElement op)
    {
        if (op.TryGetProperty("extra_info", out var info) && info.ValueKind == JsonValueKind.Object
            && info.TryGetProperty("Estimated Cardinality", out var estimate)
            && double.TryParse(estimate.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rows))
        {
            return rows;
        }

        if (op.TryGetProperty("children", out var children))
        {
            var product = 1d;
            var any = false;
            foreach (var child in children.EnumerateArray())
            {
                product *= Math.Max(1, Estimate(child));
                any = true;
            }

            return any ? product : 1;
        }

        return 1;
    }

    /// <summary>
    /// The SQL with each named parameter replaced by a NULL of its value's type: json_serialize_plan cannot bind parameters
    /// (DuckDB 1.5 fails with "dereference unique_ptr that is NULL"), and what a statement reads does not depend on
    /// parameter values. Only vetted skills bind parameters (the executor refuses ad-hoc SQL that uses any), and a typed
    /// NULL holds no quote, so a replacement inside a string literal cannot change the statement's structure.
    /// </summary>
    internal static string WithTypedNulls(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        foreach (var (name, value) in parameters.OrderByDescending(p => p.Key.Length))
        {
            var literal = value switch
            {
                string => "CAST(NULL AS VARCHAR)",
                long or int or short or byte => "CAST(NULL AS BIGINT)",
                double or float => "CAST(NULL AS DOUBLE)",
                decimal => "CAST(NULL AS DECIMAL(38,10))",
                bool => "CAST(NULL AS BOOLEAN)",
                DateOnly => "CAST(NULL AS DATE)",
                DateTime or DateTimeOffset => "CAST(NULL AS TIMESTAMP)",
                _ => "NULL",
            };
            sql = Regex.Replace(sql, @"\$" + Regex.Escape(name) + @"\b", literal, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        return sql;
    }

    private static string SerializePlan(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_plan($sql::VARCHAR, optimize := false)";
        command.Parameters.Add(new DuckDBParameter("sql", sql));
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Scans and functions found in one plan, for learning what the views use.</summary>
    private static void Collect(JsonElement element, HashSet<string> tables, HashSet<string> functions)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, tables, functions);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (Scan(element) is { Table: { } table })
        {
            tables.Add(table);
        }
        else if (FunctionName(element) is { } function)
        {
            functions.Add(function);
        }

        foreach (var property in element.EnumerateObject())
        {
            Collect(property.Value, tables, functions);
        }
    }

    /// <summary>A LOGICAL_GET: a table scan (with its catalog.schema.table) or a table function call.</summary>
    private static (string Function, string? Table)? Scan(JsonElement element)
    {
        if (!element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "LOGICAL_GET")
        {
            return null;
        }

        var function = element.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        if (function == "seq_scan" && element.TryGetProperty("function_data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("table", out var table))
        {
            var catalog = data.TryGetProperty("catalog", out var c) ? c.GetString() : "";
            var schema = data.TryGetProperty("schema", out var s) ? s.GetString() : "";
            return (function, $"{catalog}.{schema}.{table.GetString()}");
        }

        return (function, null);
    }

    /// <summary>The name of a bound function, aggregate or window call.</summary>
    private static string? FunctionName(JsonElement element) =>
        element.TryGetProperty("expression_class", out var kind) && kind.GetString() is "BOUND_FUNCTION" or "BOUND_AGGREGATE" or "BOUND_WINDOW"
        && element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

/// <summary>A statement DuckDB could not bind (so the plan gate could not check it, and it does not run).</summary>
public sealed class UnboundStatementException(string message, Exception? inner = null) : Exception(message, inner);
