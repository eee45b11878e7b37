using ScottPlot;

namespace JourneyAssistant.Charts.Rendering;

/// <summary>The one palette every chart uses, so a channel looks the same across charts and reports.</summary>
public static class ChartPalette
{
    public static readonly Color Primary = Color.FromHex("#3B6FB6");
    public static readonly Color Highlight = Color.FromHex("#E4572E");
    public static readonly Color Positive = Color.FromHex("#2E9E6A");
    public static readonly Color Negative = Color.FromHex("#D64545");
    public static readonly Color Muted = Color.FromHex("#9AA5B1");
    public static readonly Color Text = Color.FromHex("#1F2933");
    public static readonly Color SubtleText = Color.FromHex("#52606D");
    public static readonly Color Grid = Color.FromHex("#E4E7EB");
    public static readonly Color Background = Color.FromHex("#FFFFFF");
    public static readonly Color HeaderFill = Color.FromHex("#EEF2F7");

    private static readonly Color[] _series =
    [
        Color.FromHex("#3B6FB6"), Color.FromHex("#F2A541"), Color.FromHex("#2E9E6A"), Color.FromHex("#8E6CC8"),
        Color.FromHex("#E4572E"), Color.FromHex("#47B3C9"), Color.FromHex("#C2519A"), Color.FromHex("#7F8C8D"),
        Color.FromHex("#B5BD4F"), Color.FromHex("#5C4B8A"),
    ];

    /// <summary>The colour of the <paramref name="index"/>-th series.</summary>
    public static Color Series(int index) => _series[((index % _series.Length) + _series.Length) % _series.Length];

    /// <summary>A white → blue ramp for 0..1 values (heatmaps).</summary>
    public static Color Ramp(double fraction)
    {
        var t = Math.Clamp(double.IsFinite(fraction) ? fraction : 0, 0, 1);
        static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + ((to - from) * t));
        return new Color(Mix(0xF4, 0x1F, t), Mix(0xF8, 0x4E, t), Mix(0xFC, 0x8C, t));
    }
}
