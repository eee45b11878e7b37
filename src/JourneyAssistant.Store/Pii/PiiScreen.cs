namespace JourneyAssistant.Store.Pii;

/// <summary>
/// Screens the free-form part of an event (extra columns and <c>properties</c>) for clear personal data, set-based in SQL.
/// A top-level value that IS a phone (CN mobile, +86 forms, international +…), e-mail, CN ID card (checksum verified) or
/// WeChat OpenID/UnionID becomes its mask, with its keyed hash beside it under <c>&lt;key&gt;_hash</c> (the same hash and
/// mask identifier columns get, so a screened phone still joins to its identity); such data inside a longer text is masked
/// in place. Only rows whose JSON text could hold such data (<see cref="MayHoldSql"/>) are taken apart.
/// </summary>
public static class PiiScreen
{
    /// <summary>Suffix of the key holding a screened value's keyed hash.</summary>
    public const string HashSuffix = "_hash";

    // Whole-value patterns (RE2, full match). A CN mobile keeps the form identifier columns accept.
    private const string MobileValue = @"\s*(\+?86[\s-]?|0086[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}\s*";
    private const string IntlPhoneValue = @"\s*(\+|00)[1-9][\d\s\-().]{6,18}\d\s*";
    private const string EmailValue = @"\s*[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\s*";
    private const string IdCardValue = @"\s*[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]\s*";
    private const string OpenIdValue = @"\s*o[A-Za-z0-9_\-]{19,39}\s*";

    // In-text patterns: bounded by non-digits (\b), so long numbers such as epoch milliseconds or order numbers are not cut up.
    private const string MobileInText = @"(\+?86[\s-]?|0086[\s-]?)?\b(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})\b";
    private const string IntlPhoneInText = @"(\+[1-9]\d{0,2})[\s-]?\d[\d\s-]{5,14}(\d{4})\b";
    private const string EmailInText = @"([A-Za-z0-9])[A-Za-z0-9._%+\-]*@([A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})";
    private const string IdCardInText = @"\b([1-9]\d{3})\d{10}(\d{3}[\dXx])\b";

    // Cheap first test on the whole JSON text: an '@', a run of 7+ digits (separators allowed) or a long o-token.
    private const string MayHoldPattern = @"@|\d{3}[\s-]?\d{4}|o[A-Za-z0-9_\-]{19}";

    // Keys that name a WeChat id: their long id-like values are screened even without the mixed-case shape below.
    private const string WeChatKeyPattern = @"(?i)(open_?id|union_?id|wechat|weixin|微信)";

    private static readonly int[] _idCardWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>SQL: true when the JSON text <paramref name="jsonTextSql"/> may hold personal data (a superset; cheap).</summary>
    public static string MayHoldSql(string jsonTextSql) => $"regexp_matches({jsonTextSql}, '{MayHoldPattern}')";

    /// <summary>SQL: the identifier type a whole value is (phone, email, id_card, wechat_openid, wechat_unionid), else NULL.</summary>
    public static string KindSql(string keySql, string valueSql)
    {
        var v = valueSql;
        return $"""
            CASE WHEN {v} IS NULL OR strlen({v}) > 64 OR strlen({v}) < 6 THEN NULL
                 WHEN regexp_full_match({v}, '{MobileValue}') THEN 'phone'
                 WHEN regexp_full_match({v}, '{IntlPhoneValue}') AND strlen(regexp_replace({v}, '\D', '', 'g')) BETWEEN 8 AND 15 THEN 'phone'
                 WHEN regexp_full_match({v}, '{EmailValue}') THEN 'email'
                 WHEN regexp_full_match({v}, '{IdCardValue}') AND {IdCardChecksumSql($"trim({v})")} THEN 'id_card'
                 WHEN regexp_full_match({v}, '{OpenIdValue}')
                      AND (regexp_matches({keySql}, '{WeChatKeyPattern}') OR (regexp_matches({v}, '[0-9]') AND regexp_matches({v}, '[A-Z]')))
                      THEN CASE WHEN regexp_matches({keySql}, '(?i)union') THEN 'wechat_unionid' ELSE 'wechat_openid' END
            END
            """;
    }

    /// <summary>SQL: the form of a screened value that is hashed and masked: phones as identifier columns normalize them,
    /// e-mail lower-cased, ID numbers upper-cased (x → X), WeChat ids as they are (their case matters).</summary>
    private static string NormalizeSql(string kindSql, string valueSql) =>
        $"CASE {kindSql} WHEN 'phone' THEN {Masking.NormalizePhoneSql($"trim({valueSql})")} WHEN 'email' THEN lower(trim({valueSql})) " +
        $"WHEN 'id_card' THEN upper(trim({valueSql})) ELSE trim({valueSql}) END";

    /// <summary>SQL masking personal data inside free text: CN mobiles (as <see cref="Masking.MaskTextSql"/>), ID cards, international phones, e-mail.</summary>
    public static string MaskTextSql(string valueSql) =>
        $"regexp_replace(regexp_replace(regexp_replace(regexp_replace({valueSql}, " +
        $"'{MobileInText}', '\\2****\\3', 'g'), '{IdCardInText}', '\\1****\\2', 'g'), '{IntlPhoneInText}', '\\1****\\2', 'g'), '{EmailInText}', '\\1***@\\2', 'g')";

    /// <summary>SQL over a JSON object: NULL unless its text may hold personal data; then one entry per top-level key with
    /// its value (j), JSON type (y), string form (s), the kind the whole value is (t, or NULL) and its text masked (m).</summary>
    public static string EntriesSql(bool mayHaveProperties, string jsonSql)
    {
        if (!mayHaveProperties)
        {
            return "NULL::STRUCT(k VARCHAR, j JSON, y VARCHAR, s VARCHAR, t VARCHAR, m VARCHAR)[]";
        }

        var pairs = $"list_transform(json_keys({jsonSql}), k -> {{'k': k, 'j': json_extract({jsonSql}, {PathSql("k")})}})";
        var typed = $"list_transform({pairs}, e -> {{'k': e.k, 'j': e.j, 'y': json_type(e.j), 's': json_extract_string(e.j, '$')}})";
        var kind = KindSql("e.k", "CASE WHEN e.y IN ('VARCHAR', 'BIGINT', 'UBIGINT') THEN e.s END");
        var masked = $"CASE WHEN e.y = 'VARCHAR' THEN {MaskTextSql("e.s")} WHEN e.y IN ('OBJECT', 'ARRAY') THEN {MaskTextSql("CAST(e.j AS VARCHAR)")} END";
        var entry = $"{{'k': e.k, 'j': e.j, 'y': e.y, 's': e.s, 't': {kind}, 'm': {masked}}}";
        return $"""
            CASE WHEN json_type({jsonSql}) = 'OBJECT' AND {MayHoldSql($"CAST({jsonSql} AS VARCHAR)")}
                 THEN list_transform({typed}, e -> {entry}) END
            """;
    }

    /// <summary>SQL over <see cref="EntriesSql"/>: the "key:kind" entries screened ("key:text" when data inside a text was masked), NULL when none.</summary>
    public static string HitsSql(string entriesSql) => $"""
        nullif(list_filter(list_transform({entriesSql}, e -> CASE WHEN e.t IS NOT NULL THEN e.k || ':' || e.t
            WHEN e.m <> CASE WHEN e.y = 'VARCHAR' THEN e.s ELSE CAST(e.j AS VARCHAR) END THEN e.k || ':text' END), h -> h IS NOT NULL), [])
        """;

    /// <summary>SQL over <see cref="EntriesSql"/>: the screened object (whole values replaced by mask + <c>_hash</c>, texts masked). Needs $ipad/$opad bound.</summary>
    public static string ScreenedJsonSql(string entriesSql)
    {
        var norm = NormalizeSql("e.t", "e.s");
        var mask = $"CASE WHEN e.t = 'phone' THEN {Masking.MaskSql("phone", norm)} ELSE {Masking.MaskSql("other", norm)} END";
        // Pieces are concatenated as VARCHAR: to_json gives JSON, and a CASE mixing JSON branches would parse the joined text as one document.
        static string J(string value) => $"CAST(to_json({value}) AS VARCHAR)";
        var member = $"""
            {J("e.k")} || ':' || CASE
                WHEN e.t IS NOT NULL THEN {J(mask)} || ',' || {J($"e.k || '{HashSuffix}'")} || ':' || {J(PiiKey.HmacSql(norm))}
                WHEN e.y = 'VARCHAR' THEN {J("e.m")}
                WHEN e.y IN ('OBJECT', 'ARRAY') THEN coalesce(CAST(try_cast(e.m AS JSON) AS VARCHAR), {J("e.m")})
                ELSE CAST(e.j AS VARCHAR) END
            """;
        return $"CAST('{{' || array_to_string(list_transform({entriesSql}, e -> {member}), ',') || '}}' AS JSON)";
    }

    /// <summary>SQL: <paramref name="jsonSql"/> with OpenID-like tokens masked when it has a free-text key (comments, remarks).
    /// Phones and the rest are already masked by the screen; the phone pattern of <see cref="Masking.MaskTextSql"/> has no
    /// bounds and would cut into a long JSON number (epoch milliseconds) and break the document.</summary>
    public static string FreeTextMaskedSql(string jsonSql) =>
        $"CASE WHEN {Masking.HasFreeTextSql(jsonSql)} THEN CAST(regexp_replace(CAST({jsonSql} AS VARCHAR), '{Masking.OpenIdInTextPattern}', '\\1****\\2', 'g') AS JSON) ELSE {jsonSql} END";

    /// <summary>What was screened from the rows of <paramref name="table"/> (its pii_s column), by key and kind.</summary>
    internal static async Task<IReadOnlyList<Ingestion.PiiScreened>> CountsAsync(DuckDB.NET.Data.DuckDBConnection connection, string table, CancellationToken ct)
    {
        var rows = await connection.QueryAsync($"""
            SELECT regexp_extract(h, '^(.*):([^:]*)$', 1), regexp_extract(h, '^(.*):([^:]*)$', 2), count(*)
            FROM (SELECT unnest(pii_s) AS h FROM {table} WHERE pii_s IS NOT NULL) GROUP BY h ORDER BY count(*) DESC, h
            """, ct);
        return rows.Select(r => new Ingestion.PiiScreened((string)r[0]!, (string)r[1]!, Convert.ToInt64(r[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>The JSON path of a top-level key (quotes escaped).</summary>
    private static string PathSql(string keySql) => $"'$.\"' || replace({keySql}, '\"', '\\\"') || '\"'";

    /// <summary>SQL: the GB 11643 check character of an 18-character ID number matches (weights 7,9,10,…; "10X98765432").</summary>
    private static string IdCardChecksumSql(string v)
    {
        var sum = string.Join(" + ", _idCardWeights.Select((w, i) => $"(ascii(substr({v}, {i + 1}, 1)) - 48) * {w}"));
        return $"substr('10X98765432', (({sum}) % 11) + 1, 1) = upper(substr({v}, 18, 1))";
    }
}
