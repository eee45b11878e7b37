using System.Security.Cryptography;
using System.Text;

namespace JourneyAssistant.Store.Pii;

/// <summary>The per-install secret behind identifier hashes, with the HMAC-SHA256 pads precomputed so SQL can hash set-based.</summary>
public sealed class PiiKey
{
    /// <summary>Environment variable that supplies the key when the configuration does not.</summary>
    public const string EnvironmentVariable = "JOURNEY_PII_KEY";

    /// <summary>File name of a generated key, written beside the store file.</summary>
    public const string FileName = "pii.key";

    private const int BlockSize = 64;

    public PiiKey(byte[] key)
    {
        if (key.Length == 0)
        {
            throw new ArgumentException("The PII key must not be empty.", nameof(key));
        }

        Key = key.Length > BlockSize ? SHA256.HashData(key) : key;
        var padded = new byte[BlockSize];
        Key.CopyTo(padded, 0);
        InnerPad = padded.Select(b => (byte)(b ^ 0x36)).ToArray();
        OuterPad = padded.Select(b => (byte)(b ^ 0x5c)).ToArray();
    }

    /// <summary>The key bytes as used by HMAC.</summary>
    public byte[] Key { get; }

    /// <summary>key ⊕ 0x36, bound as $ipad.</summary>
    public byte[] InnerPad { get; }

    /// <summary>key ⊕ 0x5c, bound as $opad.</summary>
    public byte[] OuterPad { get; }

    /// <summary>SQL for HMAC-SHA256(key, utf8(<paramref name="valueSql"/>)) as lower-case hex, given $ipad/$opad parameters.</summary>
    public static string HmacSql(string valueSql) => $"sha256($opad || unhex(sha256($ipad || encode({valueSql}))))";

    /// <summary>The same hash computed in .NET (for tests and single lookups).</summary>
    public string Hash(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(value)));

    /// <summary>Resolves the key: configured value, else env JOURNEY_PII_KEY, else pii.key beside the store file (generated once: 32 random bytes).</summary>
    public static PiiKey Resolve(string? configured, string databasePath)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PiiKey(Encoding.UTF8.GetBytes(configured.Trim()));
        }

        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return new PiiKey(Encoding.UTF8.GetBytes(fromEnv.Trim()));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(folder);
            var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                // CreateNew: two processes racing on first run must not overwrite each other's key.
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                writer.Write(text);
            }
            catch (IOException) when (File.Exists(file))
            {
            }
        }

        return new PiiKey(Encoding.UTF8.GetBytes(File.ReadAllText(file).Trim()));
    }
}
