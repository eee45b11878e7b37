using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Guard;
using JourneyAssistant.Skills.Hosting;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Schema;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Skills.Execution;

/// <summary>
/// The store opened for analysis only, in a private DuckDB instance: an in-memory database ATTACHes the store's
/// <see cref="AnalysisSnapshot"/> (the analysis views' rows at one store version, in a file without the raw tables)
/// READ_ONLY and exposes each analysis view as a view of the same name; then external access and extension autoload
/// are switched off, memory and threads limited, and the configuration locked. Being private, this instance shares
/// neither settings nor locks with the store's own connections in the same process. Each execution gets its own
/// connection, on which a restricted <see cref="DataScope"/> shadows every analysis view with a filtered TEMP view of
/// the same name (the guard forbids qualified names, so a query cannot reach the unfiltered views or the raw tables).
/// </summary>
public sealed class AnalysisDatabase : IDisposable
{
    /// <summary>Catalog name of the attached store inside the analysis instance.</summary>
    private const string StoreCatalog = "journey_store";

    private readonly DuckDBConnection _root;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _viewColumns;

    public AnalysisDatabase(string storePath, SkillsOptions options)
    {
        if (!File.Exists(storePath))
        {
            throw new FileNotFoundException($"The store file {storePath} does not exist; build it first (any journey command builds the default store).", storePath);
        }

        StorePath = Path.GetFullPath(storePath);
        SnapshotPath = AnalysisSnapshot.Ensure(StorePath);
        _root = new DuckDBConnection("Data Source=:memory:");
        _root.Open();
        try
        {
            // ATTACH needs file access, so it comes before external access is switched off.
            _root.Execute($"ATTACH {QuoteLiteral(SnapshotPath)} AS {StoreCatalog} (READ_ONLY)");
            _viewColumns = new(StringComparer.OrdinalIgnoreCase);
            using (var command = _root.CreateCommand())
            {
                command.CommandText = $"SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = '{StoreCatalog}' AND schema_name = 'main'";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var table = reader.GetString(0);
                    if (SqlGuard.AnalysisViews.Contains(table))
                    {
                        if (!_viewColumns.TryGetValue(table, out var columns))
                        {
                            _viewColumns[table] = columns = new(StringComparer.OrdinalIgnoreCase);
                        }

                        columns.Add(reader.GetString(1));
                    }
                }
            }

            // Memory settings come from configuration, so each is applied on its own to name the key if DuckDB refuses it;
            // the setup below locks the configuration after them.
            DuckDbMemorySetting.Apply(_root, "memory_limit", options.MemoryLimit, "Skills:MemoryLimit");
            DuckDbMemorySetting.Apply(_root, "block_allocator_memory", options.BlockAllocatorMemory, "Skills:BlockAllocatorMemory");
            DuckDbMemorySetting.Apply(_root, "max_temp_directory_size", options.MaxTempDirectorySize, "Skills:MaxTempDirectorySize");
            var setup = new StringBuilder();
            foreach (var view in _viewColumns.Keys.Order(StringComparer.Ordinal))
            {
                setup.Append(CultureInfo.InvariantCulture, $"CREATE VIEW memory.main.{QuoteIdentifier(view)} AS SELECT * FROM {StoreCatalog}.main.{QuoteIdentifier(view)};\n");
            }

            setup.Append("SET allow_community_extensions=false;")
                .Append("SET enable_external_access=false;")
                .Append("SET autoload_known_extensions=false;")
                .Append("SET autoinstall_known_extensions=false;")
                .Append("SET TimeZone='UTC';");
            if (options.Threads > 0)
            {
                setup.Append(CultureInfo.InvariantCulture, $"SET threads={options.Threads};");
            }

            setup.Append("SET lock_configuration=true;");
            _root.Execute(setup.ToString());
            PlanGate = BoundPlanGate.ForViews(_root, _viewColumns.Keys, options.MaxJoinRows);
        }
        catch
        {
            _root.Dispose();
            throw;
        }
    }

    /// <summary>Full path of the store file.</summary>
    public string StorePath { get; }

    /// <summary>Full path of the snapshot this database reads: which store version its answers come from.</summary>
    public string SnapshotPath { get; }

    /// <summary>The second, authoritative gate: what a statement binds on this database's connections.</summary>
    public BoundPlanGate PlanGate { get; }

    /// <summary>The analysis views present in this store.</summary>
    public IReadOnlyCollection<string> Views => _viewColumns.Keys;

    /// <summary>A fresh connection for one execution, with <paramref name="scope"/>'s filters in force.</summary>
    public DuckDBConnection Open(DataScope scope)
    {
        if (scope.IsDenied)
        {
            throw new InvalidOperationException("A denied scope may not open a connection.");
        }

        DuckDBConnection connection;
        lock (_gate)
        {
            connection = _root.Duplicate();
        }

        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }

        try
        {
            if (scope.Filters.Count > 0)
            {
                connection.Execute(ScopeViews(scope));
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>The TEMP views that shadow the analysis views for a restricted scope.</summary>
    internal string ScopeViews(DataScope scope)
    {
        var sql = new StringBuilder();
        var events = "memory.main.journey_events";
        foreach (var (view, columns) in _viewColumns.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (view.Equals("journey_profile", StringComparison.OrdinalIgnoreCase) && scope.Filters.Count > 0)
            {
                // The funnel's steps are vocabulary every scope needs (like dim_*); their store-wide counts are not.
                sql.Append("CREATE OR REPLACE TEMP VIEW journey_profile AS SELECT kind, id, position, NULL::BIGINT AS people, NULL::DOUBLE AS share, ")
                    .Append("NULL::DOUBLE AS lead_seconds FROM memory.main.journey_profile;\n");
                continue;
            }

            var conditions = new List<string>();
            if (!view.StartsWith("dim_", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var filter in scope.Filters)
                {
                    var values = string.Join(", ", filter.Values.Select(QuoteLiteral));
                    var inList = filter.Values.Count == 0 ? "false" : null;
                    if (columns.Contains(filter.Column))
                    {
                        conditions.Add(inList ?? $"{filter.Column} IN ({values})");
                    }
                    else if (columns.Contains("person_id") && _viewColumns.TryGetValue("journey_events", out var eventColumns) && eventColumns.Contains(filter.Column))
                    {
                        // Views without the column are filtered to the people who have events in scope.
                        conditions.Add(inList ?? $"person_id IN (SELECT person_id FROM {events} WHERE {filter.Column} IN ({values}))");
                    }
                    else
                    {
                        // Nothing ties this view's rows to the filter: a restricted scope sees none of them.
                        conditions.Add("false");
                    }
                }
            }

            var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
            sql.Append(CultureInfo.InvariantCulture, $"CREATE OR REPLACE TEMP VIEW {QuoteIdentifier(view)} AS SELECT * FROM memory.main.{QuoteIdentifier(view)}{where};\n");
        }

        return sql.ToString();
    }

    public void Dispose() => _root.Dispose();
}
