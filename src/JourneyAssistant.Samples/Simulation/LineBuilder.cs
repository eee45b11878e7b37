using System.Globalization;

namespace JourneyAssistant.Samples.Simulation;

/// <summary>How a system writes its timestamps.</summary>
internal enum TimeStyle : byte
{
    /// <summary>2026-11-09T06:03:22Z (UTC).</summary>
    IsoUtc,
    /// <summary>2026-11-09T14:03:22+08:00.</summary>
    IsoOffset,
    /// <summary>2026-11-09 14:03:22.123 (naive Beijing, milliseconds).</summary>
    NaiveMillis,
    /// <summary>2026/11/09 14:03:22 (naive Beijing).</summary>
    NaiveSlash,
    /// <summary>2026-11-09 14:03:22 (naive Beijing).</summary>
    Naive,
    /// <summary>Unix seconds (UTC instant).</summary>
    UnixSeconds,
}

/// <summary>A reusable line buffer with allocation-free appends for the generator's hot loop.</summary>
internal sealed class LineBuilder
{
    private const long BeijingOffsetSeconds = 8 * 3600;
    private char[] _buffer = new char[2048];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Truncate(int length) => _length = Math.Min(length, _length);

    public void WriteTo(TextWriter writer) => writer.Write(_buffer, 0, _length);

    public LineBuilder Add(char c)
    {
        Ensure(1);
        _buffer[_length++] = c;
        return this;
    }

    public LineBuilder Add(string s) => Add(s.AsSpan());

    public LineBuilder Add(ReadOnlySpan<char> s)
    {
        Ensure(s.Length);
        s.CopyTo(_buffer.AsSpan(_length));
        _length += s.Length;
        return this;
    }

    public LineBuilder AddInt(long value)
    {
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>Fixed-width zero-padded decimal.</summary>
    public LineBuilder AddPadded(long value, int width)
    {
        Ensure(width);
        for (var i = width - 1; i >= 0; i--)
        {
            _buffer[_length + i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }

        _length += width;
        return this;
    }

    /// <summary>CNY amount from cents: 123.45.</summary>
    public LineBuilder AddAmount(long cents)
    {
        if (cents < 0)
        {
            Add('-');
            cents = -cents;
        }

        AddInt(cents / 100);
        Add('.');
        return AddPadded(cents % 100, 2);
    }

    public LineBuilder AddHex(ulong value, int digits)
    {
        Ensure(digits);
        for (var i = digits - 1; i >= 0; i--)
        {
            var nibble = (int)(value & 0xF);
            _buffer[_length + i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }

        _length += digits;
        return this;
    }

    private static readonly char[] Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray();

    /// <summary>Base64url-style characters from a value (6 bits each), like WeChat OpenIDs.</summary>
    public LineBuilder AddBase64(ulong value, int chars)
    {
        Ensure(chars);
        for (var i = 0; i < chars; i++)
        {
            _buffer[_length++] = Base64Url[(int)(value & 63)];
            value = (value >> 6) | (value << 58);
        }

        return this;
    }

    /// <summary>A CSV field, quoted only when it must be.</summary>
    public LineBuilder AddCsv(string value) => AddCsv(value.AsSpan());

    /// <summary>A CSV field, quoted only when it must be.</summary>
    public LineBuilder AddCsv(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(",\"\n\r") < 0)
        {
            return Add(value);
        }

        Add('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                Add('"');
            }

            Add(c);
        }

        return Add('"');
    }

    /// <summary>A JSON string literal with the escapes our texts can need.</summary>
    public LineBuilder AddJsonString(string value)
    {
        Add('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': Add("\\\""); break;
                case '\\': Add("\\\\"); break;
                case '\n': Add("\\n"); break;
                default: Add(c); break;
            }
        }

        return Add('"');
    }

    /// <summary>Appends a local Beijing time (seconds since epoch, as if UTC) in a system's style.</summary>
    public LineBuilder AddTime(long localSeconds, int millis, TimeStyle style)
    {
        switch (style)
        {
            case TimeStyle.IsoUtc:
                AddDateTime(localSeconds - BeijingOffsetSeconds, '-', 'T');
                return Add('Z');
            case TimeStyle.IsoOffset:
                AddDateTime(localSeconds, '-', 'T');
                return Add("+08:00");
            case TimeStyle.NaiveMillis:
                AddDateTime(localSeconds, '-', ' ');
                Add('.');
                return AddPadded(millis, 3);
            case TimeStyle.NaiveSlash:
                return AddDateTime(localSeconds, '/', ' ');
            case TimeStyle.Naive:
                return AddDateTime(localSeconds, '-', ' ');
            case TimeStyle.UnixSeconds:
                return AddInt(localSeconds - BeijingOffsetSeconds);
            default:
                throw new ArgumentOutOfRangeException(nameof(style));
        }
    }

    private LineBuilder AddDateTime(long seconds, char dateSeparator, char timeSeparator)
    {
        var days = Math.DivRem(seconds, 86_400, out var secOfDay);
        if (secOfDay < 0)
        {
            secOfDay += 86_400;
            days--;
        }

        var (y, m, d) = SampleCalendar.CivilFromDays(days);
        AddPadded(y, 4).Add(dateSeparator).AddPadded(m, 2).Add(dateSeparator).AddPadded(d, 2).Add(timeSeparator);
        return AddPadded(secOfDay / 3600, 2).Add(':').AddPadded(secOfDay / 60 % 60, 2).Add(':').AddPadded(secOfDay % 60, 2);
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}

/// <summary>Day arithmetic on local seconds-since-epoch values.</summary>
internal static class SampleCalendar
{
    public const long Day = 86_400;
    public const long Hour = 3_600;

    /// <summary>Local midnight of a date as seconds since epoch.</summary>
    public static long Midnight(DateOnly date) => (long)date.DayNumber * Day - (long)DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber * Day;

    /// <summary>Howard Hinnant's civil_from_days: year, month, day from days since 1970-01-01.</summary>
    public static (int Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - era * 146_097;
        var yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = doy - (153 * mp + 2) / 5 + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        return ((int)(m <= 2 ? y + 1 : y), (int)m, (int)d);
    }
}
