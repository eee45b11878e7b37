using System.Text;

namespace JourneyAssistant.Skills.Tests.Guard;

/// <summary>
/// A small grammar-aware mutator for the hostile corpus: identifier quoting, aliasing (the statement wrapped as a
/// derived table), comments, letter case, whitespace and Unicode spaces, each applied outside string literals. Seeded,
/// so a failure names a statement that reproduces.
/// </summary>
internal sealed class CorpusMutator(int seed)
{
    private static readonly string[] Spaces = ["  ", "\t", "\n", "\r\n", " /* m */ ", " -- m\n", "\u00A0", "\u2003", "\u3000", "\u200B "];

    private readonly Random _random = new(seed);

    public static readonly string[] Kinds = ["quote", "alias", "comment", "case", "whitespace", "unicode_space"];

    /// <summary>One mutation of <paramref name="sql"/> (about <paramref name="name"/>, the catalog object, if any).</summary>
    public (string Kind, string Sql) Mutate(string sql, string name)
    {
        var kind = Kinds[_random.Next(Kinds.Length)];
        var mutated = kind switch
        {
            "quote" when name.Length > 0 => sql.Replace(name, string.Join('.', name.Split('.').Select(p => $"\"{p}\"")), StringComparison.Ordinal),
            "alias" => $"SELECT * FROM ({sql}) AS {(_random.Next(2) == 0 ? "journey_events" : "q")}",
            "comment" => OutsideLiterals(sql, ' ', () => _random.Next(3) == 0 ? " /* -- ; */ " : " "),
            "case" => CaseFlip(sql),
            "whitespace" => OutsideLiterals(sql, ' ', () => Spaces[_random.Next(6)]),
            "unicode_space" => OutsideLiterals(sql, ' ', () => _random.Next(3) == 0 ? Spaces[6 + _random.Next(4)] : " "),
            _ => CaseFlip(sql),
        };
        return (kind == "quote" && name.Length == 0 ? "case" : kind, mutated);
    }

    private string CaseFlip(string sql)
    {
        var builder = new StringBuilder(sql.Length);
        var inLiteral = false;
        foreach (var c in sql)
        {
            inLiteral ^= c == '\'';
            builder.Append(!inLiteral && char.IsLetter(c) && _random.Next(2) == 0 ? (char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
        }

        return builder.ToString();
    }

    private static string OutsideLiterals(string sql, char target, Func<string> replacement)
    {
        var builder = new StringBuilder(sql.Length * 2);
        var inLiteral = false;
        foreach (var c in sql)
        {
            inLiteral ^= c == '\'';
            builder.Append(!inLiteral && c == target ? replacement() : c.ToString());
        }

        return builder.ToString();
    }
}
