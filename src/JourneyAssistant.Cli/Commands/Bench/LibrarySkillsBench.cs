using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Catalog;
using JourneyAssistant.Skills.Execution;
using static JourneyAssistant.Cli.Commands.Bench.BenchStatistics;
using SkillContext = JourneyAssistant.Skills.Execution.ExecutionContext;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>
/// `journey bench skills --all`: every active library skill with its default parameters, as a user asking it would run
/// it, against the issue-17 target of ≤ 1 s median each on the 10M-event store.
/// </summary>
internal static class LibrarySkillsBench
{
    /// <summary>The per-skill target (issue 17) a median is marked against.</summary>
    public const double TargetMs = 1000;

    /// <summary>Times each skill <paramref name="runs"/> times after one warm-up, and prints medians slowest first.</summary>
    public static async Task<int> RunAsync(ISkillCatalog catalog, SkillExecutor executor, long events, int runs, DateOnly? asOf, bool asJson, CancellationToken ct)
    {
        // Relative defaults (last_30_days …) resolve against the day after the store's last local date, so a store
        // generated months ago is measured over its data, not over an empty recent window.
        var day = asOf ?? await DayAfterLastEventAsync(executor, ct);
        var context = new SkillContext("bench", "cli", null, DataScope.All, day);
        var results = new List<SkillTiming>();
        foreach (var skill in catalog.Skills)
        {
            var timings = new List<double>();
            long rows = 0;
            string? error = null;
            try
            {
                await executor.RunAsync(skill, null, context, ct); // warm-up: file cache, guard cache
                for (var run = 0; run < runs; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var result = await executor.RunAsync(skill, null, context, ct);
                    timings.Add(clock.Elapsed.TotalMilliseconds);
                    rows = result.Rows.Count;
                }
            }
            catch (SkillExecutionException e)
            {
                error = e.Message;
            }

            var timing = new SkillTiming(skill.Id, skill.Version, timings.Count > 0 ? Math.Round(Median(timings), 1) : null,
                timings.Select(t => Math.Round(t, 1)).ToList(), rows, error);
            Console.Error.WriteLine(timing.Describe());
            results.Add(timing);
        }

        var slow = results.Where(r => r.MedianMs is not { } ms || ms > TargetMs).Select(r => r.Skill).ToList();
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                events,
                runs,
                as_of = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                processors = Environment.ProcessorCount,
                target_ms = TargetMs,
                over_target = slow,
                results = results.Select(r => new { skill = r.Skill, version = r.Version, median_ms = r.MedianMs, runs_ms = r.RunsMs, rows = r.Rows, error = r.Error }),
            }, CliOutput.Indented));
        }
        else
        {
            Console.Out.WriteLine($"{events:#,0} events, {runs} runs each, as of {day:yyyy-MM-dd}, {Environment.ProcessorCount} cores; median per skill, slowest first:");
            foreach (var r in results.OrderByDescending(r => r.MedianMs ?? double.MaxValue))
            {
                Console.Out.WriteLine($"  {r.Skill,-24} {r.MedianMs?.ToString("#,0.0", CultureInfo.InvariantCulture) ?? "failed",10} ms{(r.MedianMs is { } ms && ms <= TargetMs ? "" : "  > 1 s")}");
            }

            Console.Out.WriteLine(slow.Count == 0
                ? $"all {results.Count} skills ≤ 1 s / 全部技能 ≤ 1 秒"
                : $"{slow.Count} of {results.Count} over 1 s / 超过 1 秒: {string.Join(", ", slow)}");
        }

        return 0;
    }

    private static async Task<DateOnly> DayAfterLastEventAsync(SkillExecutor executor, CancellationToken ct)
    {
        var last = (await executor.RunAdhocAsync("SELECT max(local_date) AS last_day FROM journey_events", SkillContext.Local(), ct)).Rows[0][0];
        return last switch
        {
            DateOnly date => date.AddDays(1),
            DateTime time => DateOnly.FromDateTime(time).AddDays(1),
            _ => executor.Today,
        };
    }

    private sealed record SkillTiming(string Skill, int Version, double? MedianMs, IReadOnlyList<double> RunsMs, long Rows, string? Error)
    {
        public string Describe() => MedianMs is { } ms
            ? $"{Skill} v{Version}: {ms:0.0} ms median ({Rows} rows)"
            : $"{Skill} v{Version}: failed — {Error}";
    }
}
