using JourneyAssistant.Store.Hosting;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Store.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JourneyAssistant.Store.Tests;

/// <summary>Today is the reporting zone's date on the registered clock; the language of a text is one decision.</summary>
public sealed class ReportingClockTests
{
    // 2026-11-22 17:30 UTC is 2026-11-23 01:30 in Shanghai: the local date is already the next day.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 17, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Today_is_the_date_in_the_reporting_zone()
    {
        var clock = new ReportingClock(_time, "Asia/Shanghai");

        Assert.Equal(new DateOnly(2026, 11, 23), clock.Today);
        Assert.Equal(TimeSpan.FromHours(8), clock.Now.Offset);
        Assert.Equal(new DateOnly(2026, 11, 22), new ReportingClock(_time, "UTC").Today);
    }

    [Fact]
    public void Registered_clock_uses_the_registered_time_provider_and_store_zone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:ReportingTimeZone"] = "Europe/London" }).Build();
        using var services = new ServiceCollection().AddJourneyStore(configuration, Path.GetTempPath())
            .AddSingleton<TimeProvider>(_time).BuildServiceProvider();

        var clock = services.GetRequiredService<ReportingClock>();

        Assert.Same(_time, clock.Time);
        Assert.Equal("Europe/London", clock.ZoneId);
        Assert.Equal(new DateOnly(2026, 11, 22), clock.Today);
    }

    [Theory]
    [InlineData("上周转化率", true, true)]
    [InlineData("which channel converted best?", false, false)]
    [InlineData("\u3400", true, false)] // extension A only: the Teams notices keep reading it as English
    public void Detect_counts_extension_a_unless_told_not_to(string text, bool zh, bool zhBasicOnly)
    {
        Assert.Equal(zh ? Language.Zh : Language.En, Languages.Detect(text));
        Assert.Equal(zhBasicOnly ? Language.Zh : Language.En, Languages.Detect(text, extensionA: false));
    }
}
