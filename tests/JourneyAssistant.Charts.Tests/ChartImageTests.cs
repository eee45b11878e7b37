namespace JourneyAssistant.Charts.Tests;

public sealed class ChartImageTests
{
    [Fact]
    public async Task A_chart_file_being_rewritten_is_never_read_truncated()
    {
        // Two answers can draw the same chart file (same skill, language and data) while a sender reads it.
        var png = new byte[256 * 1024];
        Random.Shared.NextBytes(png);
        var image = new ChartImage("bar", "t", png, 10, 10);
        var path = Path.Combine(Path.GetTempPath(), $"ja-chart-{Guid.NewGuid():N}", "same.png");
        image.SaveAs(path);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                image.SaveAs(path);
            }
        }));
        var lengths = new List<int>();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                lengths.Add(File.ReadAllBytes(path).Length);
            }
        });
        await Task.WhenAll(writers.Append(reader));

        Assert.NotEmpty(lengths);
        Assert.All(lengths, length => Assert.Equal(png.Length, length));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
