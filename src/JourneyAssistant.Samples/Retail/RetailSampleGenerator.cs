using System.Diagnostics;
using System.Text.Json;
using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Retail;

/// <summary>What one retail run wrote: the canonical files, the ground truth and where it was saved.</summary>
public sealed record RetailManifest(SampleManifest Sample, RetailTruth Truth, string TruthPath);

/// <summary>
/// Deterministic generator of a differently named company: a retail chain whose canonical exports use its own touchpoint,
/// event and channel names (广告点击, pay_page_view, Facebook …), recorded in UTC, with no checkout step and a planted
/// payment-page leak. Writes <c>touchpoints_*.csv</c> in the canonical format plus <c>ground_truth.json</c>.
/// </summary>
public static class RetailSampleGenerator
{
    public const string TruthFileName = "ground_truth.json";

    /// <summary>Share of rows re-sent as an exact duplicate.</summary>
    public const double DuplicateRate = 0.01;

    private const string Header = "event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties";

    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RetailManifest Write(SampleOptions options, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var seed = SampleRandom.Mix((ulong)(uint)options.Seed ^ 0x52657461696CUL);
        Directory.CreateDirectory(outputDirectory);
        var files = RetailVocabulary.Sources
            .Select((s, i) => new SinkFile(Path.Combine(outputDirectory, $"touchpoints_{s}.csv"), s) { IdKey = SampleRandom.Mix(seed ^ (0x5EED0000UL + (ulong)i)) })
            .ToArray();
        var tally = new RetailTally();
        var ids = new SampleIdentity(seed);
        var line = new LineBuilder();
        var noise = new SampleRandom(SampleRandom.Mix(seed ^ 0x4E4F495345UL));
        var simulator = new RetailSimulator(options);
        try
        {
            foreach (var f in files)
            {
                f.Writer.Write(Header);
                f.Writer.Write('\n');
            }

            for (var person = 0; person < options.People; person++)
            {
                simulator.Simulate(person, seed);
                tally.Person(simulator.Acquisition, simulator.Events);
                foreach (ref readonly var e in simulator.Events)
                {
                    var names = RetailVocabulary.Step(e.Step);
                    var file = files[names.Source];
                    line.Clear();
                    Format(line, ids, in e, names, simulator, person, SampleRandom.Mix(file.IdKey + (ulong)file.IdCounter++));
                    line.WriteTo(file.Writer);
                    file.Rows++;
                    file.Events++;
                    if (options.Noise && noise.NextDouble() < DuplicateRate)
                    {
                        // An exact re-send, as exporters do on retry: an ingest must count it as a duplicate.
                        line.WriteTo(file.Writer);
                        file.Rows++;
                        file.Duplicates++;
                    }
                }
            }
        }
        finally
        {
            foreach (var f in files)
            {
                f.Dispose();
            }
        }

        var stats = files.Select(f => f.Stats()).ToList();
        var duplicates = stats.Sum(s => s.DuplicateRows);
        var events = stats.Sum(s => s.Events);
        var truth = tally.Truth(options, events, duplicates);
        var truthPath = Path.Combine(outputDirectory, TruthFileName);
        File.WriteAllText(truthPath, JsonSerializer.Serialize(truth, _json) + "\n");
        var manifest = new SampleManifest(stats.Select(s => s.Path).ToList(), [], events, duplicates)
        {
            DuplicateRows = duplicates,
            People = options.People,
            FileStats = stats,
            Elapsed = clock.Elapsed,
        };
        return new RetailManifest(manifest, truth, truthPath);
    }

    private static void Format(LineBuilder line, SampleIdentity ids, in RetailEvent e, RetailStepNames names, RetailSimulator person, int index, ulong id)
    {
        line.AddHex(id, 16).Add(',').AddTime(e.Time, 0, TimeStyle.IsoUtc).Add(',').Add(RetailVocabulary.Sources[names.Source]).Add(',');
        line.AddCsv(names.Channel ?? RetailVocabulary.ChannelNames[(int)person.Acquisition]).Add(',').Add(names.Touchpoint).Add(',')
            .Add(names.Event).Add(',').Add(names.Stage).Add(",,");

        // member_id: known once the person has paid (the shop's login), at the till and in service and surveys.
        var member = e.Step is RetailStep.PaySuccess or RetailStep.StoreSale or RetailStep.Pickup or RetailStep.RepeatPurchase or RetailStep.Survey;
        if (member)
        {
            ids.Member(line, index);
        }

        line.Add(',');
        if (e.Step is RetailStep.PaySuccess or RetailStep.StoreSale or RetailStep.TicketOpened or RetailStep.TicketResolved)
        {
            ids.Phone(line, index, 0);
        }

        // wechat_openid, wechat_unionid, device_id: the chain has none.
        line.Add(",,,,");
        if (e.Step is RetailStep.AdClick or RetailStep.ViewItem or RetailStep.Chat or RetailStep.PayPage or RetailStep.PaySuccess)
        {
            ids.Cookie(line, index, 0);
        }

        line.Add(',');
        if (names.Amount)
        {
            line.AddAmount(e.AmountCents);
        }

        line.Add(",\"{\"\"region\"\":\"\"").Add(RetailVocabulary.Regions[person.Region]).Add("\"\"");
        if (e.Step == RetailStep.Survey)
        {
            line.Add(",\"\"nps\"\":").AddInt(e.Nps);
        }

        line.Add("}\"\n");
    }
}
