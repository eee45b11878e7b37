using System.Diagnostics;
using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>Deterministic, streaming generator of realistic multi-channel journey data (raw exports + mappings, or canonical CSV).</summary>
public static class ApparelSampleGenerator
{
    /// <summary>Share of valid rows re-sent as an exact duplicate.</summary>
    public const double DuplicateRate = 0.01;

    /// <summary>Share of valid rows followed by a broken row that ingestion must reject.</summary>
    public const double BadRowRate = 0.005;

    private static readonly RowDefect[] Defects =
        [RowDefect.BadTimestamp, RowDefect.UnknownStage, RowDefect.InvalidJson, RowDefect.MissingEvent, RowDefect.UnknownEvent];

    /// <summary>
    /// Writes the sample. Raw mode: exports into <c>{outputDirectory}/raw</c> and mappings into <c>{outputDirectory}/mappings</c>.
    /// Canonical mode: <c>touchpoints_*.csv</c> directly into <paramref name="outputDirectory"/>.
    /// One person at a time is held in memory, so any size streams.
    /// </summary>
    public static SampleManifest Write(SampleOptions options, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var seed = SampleRandom.Mix((ulong)(uint)options.Seed ^ 0x4A6F75726E6579UL);
        var dataDirectory = options.Canonical ? outputDirectory : Path.Combine(outputDirectory, "raw");
        Directory.CreateDirectory(dataDirectory);
        var mappings = new List<string>();
        if (!options.Canonical)
        {
            mappings.AddRange(SampleMappings.WriteAll(Path.Combine(outputDirectory, "mappings")));
        }

        var simulator = new JourneySimulator(options);
        var noise = new SampleRandom(SampleRandom.Mix(seed ^ 0x4E4F495345UL));
        long events = 0, duplicates = 0, bad = 0;
        List<SampleFileStats> stats;
        using (SampleSink sink = options.Canonical ? new CanonicalExportSink(dataDirectory, seed) : new RawExportSink(dataDirectory, seed))
        {
            for (var person = 0; person < options.People; person++)
            {
                simulator.Simulate(person, seed);
                var p = simulator.Person;
                foreach (ref readonly var e in simulator.Events)
                {
                    var file = sink.File(e.Source);
                    var id = sink.NextId(e.Source);
                    sink.Write(in e, p, id, RowDefect.None);
                    file.Events++;
                    events++;
                    if (!options.Noise)
                    {
                        continue;
                    }

                    var x = noise.NextDouble();
                    if (x < DuplicateRate)
                    {
                        sink.Write(in e, p, id, RowDefect.None);
                        file.Duplicates++;
                        duplicates++;
                    }
                    else if (x < DuplicateRate + BadRowRate)
                    {
                        // Draw until the source can carry the defect (fixed number of draws keeps it deterministic).
                        var defect = RowDefect.None;
                        for (var attempt = 0; attempt < 8 && defect == RowDefect.None; attempt++)
                        {
                            var candidate = Defects[noise.Next(Defects.Length)];
                            defect = sink.Supports(e.Source, candidate) ? candidate : RowDefect.None;
                        }

                        if (defect != RowDefect.None)
                        {
                            sink.Write(in e, p, sink.NextId(e.Source), defect);
                            file.Bad++;
                            bad++;
                        }
                    }
                }
            }

            foreach (var f in sink.Files)
            {
                f.Writer.Flush();
            }

            stats = [];
            foreach (var f in sink.Files)
            {
                f.Dispose();
                stats.Add(f.Stats());
            }
        }

        return new SampleManifest(stats.Select(s => s.Path).ToList(), mappings, events, duplicates + bad)
        {
            DuplicateRows = duplicates,
            BadRows = bad,
            People = options.People,
            FileStats = stats,
            Truth = simulator.Truth,
            Elapsed = clock.Elapsed,
        };
    }
}
