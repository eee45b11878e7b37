namespace JourneyAssistant.Samples.Simulation;

/// <summary>Deterministic, unique identifiers per person (derived from the seed and the person index, never stored).</summary>
internal sealed class SampleIdentity
{
    /// <summary>The store's own hotline, keyed in at the till for walk-ins: a shared identifier the stitching guard must catch.</summary>
    public const string StorePhone = "400-800-1234";

    /// <summary>A QA phone whose device id shows up on hundreds of people's mini-program events.</summary>
    public const string TestDevice = "TEST-DEVICE-0001";

    /// <summary>iOS limited ad tracking reports this IDFA.</summary>
    public const string ZeroDevice = "00000000-0000-0000-0000-000000000000";

    public static readonly string[] JunkMemberIds = ["anonymous", "0", "null"];

    private static readonly string[] PhonePrefixes = ["138", "139", "137", "136", "135", "150", "151", "158", "159", "186", "187", "188", "177", "199"];
    private const int Modulus = 100_000_000;

    private readonly ulong _cookieKey;
    private readonly ulong _deviceKey;
    private readonly ulong _mpKey;
    private readonly ulong _oaKey;
    private readonly ulong _unionKey;
    private readonly long _memberOffset;
    private readonly long _phoneOffset;

    public SampleIdentity(ulong seed)
    {
        _cookieKey = SampleRandom.Mix(seed ^ 0xC00C1E00UL);
        _deviceKey = SampleRandom.Mix(seed ^ 0xDE71CE00UL);
        _mpKey = SampleRandom.Mix(seed ^ 0x0A1D0001UL);
        _oaKey = SampleRandom.Mix(seed ^ 0x0A1D0002UL);
        _unionKey = SampleRandom.Mix(seed ^ 0x0A1D0003UL);
        _memberOffset = (long)(SampleRandom.Mix(seed ^ 0x3E3BE200UL) % Modulus);
        _phoneOffset = (long)(SampleRandom.Mix(seed ^ 0x9407E000UL) % Modulus);
    }

    public void Cookie(LineBuilder line, int person, int k) =>
        line.Add("ck.").AddHex(SampleRandom.Mix(_cookieKey + (ulong)person * 4 + (ulong)k), 16);

    public void Device(LineBuilder line, int person)
    {
        var a = SampleRandom.Mix(_deviceKey + (ulong)person);
        var b = SampleRandom.Mix(a);
        line.AddHex(a >> 32, 8).Add('-').AddHex(a >> 16, 4).Add('-').AddHex(a, 4).Add('-').AddHex(b >> 48, 4).Add('-').AddHex(b, 12);
    }

    public void MiniOpenId(LineBuilder line, int person) => OpenId(line, _mpKey, person, "o");

    public void OfficialAccountOpenId(LineBuilder line, int person) => OpenId(line, _oaKey, person, "oA");

    public void UnionId(LineBuilder line, int person) => OpenId(line, _unionKey, person, "oU");

    /// <summary>M + 8 digits; a permutation of the person index, so unique per person.</summary>
    public void Member(LineBuilder line, int person) =>
        line.Add('M').AddPadded((person * 48_271L + _memberOffset) % Modulus, 8);

    /// <summary>A mainland mobile number; style 0 = 13812345678, 1 = "+86 138-1234-5678", 2 = "138 1234 5678", 3 = +8613812345678.</summary>
    public void Phone(LineBuilder line, int person, int style)
    {
        var digits = (person * 69_621L + _phoneOffset) % Modulus;
        var prefix = PhonePrefixes[(int)(SampleRandom.Mix((ulong)person ^ (ulong)_phoneOffset) % (ulong)PhonePrefixes.Length)];
        switch (style & 3)
        {
            case 1:
                line.Add("+86 ").Add(prefix).Add('-').AddPadded(digits / 10_000, 4).Add('-').AddPadded(digits % 10_000, 4);
                break;
            case 2:
                line.Add(prefix).Add(' ').AddPadded(digits / 10_000, 4).Add(' ').AddPadded(digits % 10_000, 4);
                break;
            case 3:
                line.Add("+86").Add(prefix).AddPadded(digits, 8);
                break;
            default:
                line.Add(prefix).AddPadded(digits, 8);
                break;
        }
    }

    private static void OpenId(LineBuilder line, ulong key, int person, string prefix)
    {
        var a = SampleRandom.Mix(key + (ulong)person);
        // 11 base64 characters carry all 64 bits of a (a bijection of the index), so ids never collide.
        line.Add(prefix).AddBase64(a, 11).AddBase64(SampleRandom.Mix(a), 28 - prefix.Length - 11);
    }
}
