using DuckDB.NET.Data;

namespace JourneyAssistant.Store;

/// <summary>A DuckDB memory setting taken from configuration, applied so that a bad value names its configuration key.</summary>
public static class DuckDbMemorySetting
{
    /// <summary>Applies <c>SET <paramref name="setting"/> = <paramref name="value"/></c>; DuckDB parses the size (2GB, 512MiB, 80%, 0B).</summary>
    /// <exception cref="InvalidOperationException">DuckDB rejected the value; the message names <paramref name="configKey"/>.</exception>
    public static void Apply(DuckDBConnection connection, string setting, string value, string configKey)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SET {setting} = {DuckDbConnectionExtensions.QuoteLiteral(value)}";
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException ex)
        {
            // DuckDB's own parser is the reference for what it accepts (units, spaces, percentages), so the value is not
            // pre-validated here; its message is kept and the key added, as DuckDB does not know where the value came from.
            throw new InvalidOperationException(
                $"{configKey} = '{value}' is not a memory size DuckDB accepts (for example 2GB, 512MiB, 80%, 0B): {ex.Message}", ex);
        }
    }
}
