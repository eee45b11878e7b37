namespace JourneyAssistant.Charts;

/// <summary>A rendered chart: PNG bytes plus what it shows, ready to send in chat or embed in a report.</summary>
public sealed record ChartImage(string Kind, string Title, byte[] Png, int Width, int Height)
{
    /// <summary>Writes the PNG to <paramref name="path"/>, creating the folder; returns the full path.</summary>
    public string SaveAs(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written aside and renamed into place: two answers may draw the same chart file at once, and a reader (the WeCom
        // sender uploading it) must never see it truncated or half written.
        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, Png);
        File.Move(temp, full, overwrite: true);
        return full;
    }

    /// <summary>The image as a data: URI, for self-contained HTML.</summary>
    public string ToDataUri() => "data:image/png;base64," + Convert.ToBase64String(Png);
}
