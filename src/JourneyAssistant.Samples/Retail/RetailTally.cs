namespace JourneyAssistant.Samples.Retail;

/// <summary>Counts what the simulator produced, person by person, into the ground truth.</summary>
internal sealed class RetailTally
{
    private static readonly RetailStep[] FunnelSteps = [RetailStep.AdClick, RetailStep.ViewItem, RetailStep.PayPage, RetailStep.PaySuccess];

    // Keyed by the channel of the person's first event in the export, which is what an analysis of the files can see
    // (a journey that began before the exported days starts at its first step inside them).
    private readonly Dictionary<string, (long People, long Buyers)> _channels = new(StringComparer.Ordinal);
    private readonly long[] _funnel = new long[FunnelSteps.Length];
    private readonly long[] _steps = new long[Enum.GetValues<RetailStep>().Length];
    private long _persons;
    private long _orders;
    private long _revenueCents;

    public void Person(RetailChannel acquisition, ReadOnlySpan<RetailEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }

        _persons++;
        var first = RetailVocabulary.Step(events[0].Step).Channel ?? RetailVocabulary.ChannelNames[(int)acquisition];
        var bought = false;
        Span<bool> reached = stackalloc bool[FunnelSteps.Length];
        foreach (ref readonly var e in events)
        {
            _steps[(int)e.Step]++;
            if (RetailVocabulary.IsPurchase(e.Step))
            {
                bought = true;
                _orders++;
                _revenueCents += e.AmountCents;
            }

            var f = Array.IndexOf(FunnelSteps, e.Step);
            if (f >= 0)
            {
                reached[f] = true;
            }
        }

        for (var i = 0; i < reached.Length; i++)
        {
            _funnel[i] += reached[i] ? 1 : 0;
        }

        var (people, buyers) = _channels.GetValueOrDefault(first);
        _channels[first] = (people + 1, buyers + (bought ? 1 : 0));
    }

    public RetailTruth Truth(SampleOptions options, long events, long duplicates)
    {
        var byEvent = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byTouchpoint = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var step in Enum.GetValues<RetailStep>())
        {
            var names = RetailVocabulary.Step(step);
            byEvent[names.Event] = byEvent.GetValueOrDefault(names.Event) + _steps[(int)step];
            byTouchpoint[names.Touchpoint] = byTouchpoint.GetValueOrDefault(names.Touchpoint) + _steps[(int)step];
        }

        var funnel = FunnelSteps.Select((s, i) => new RetailFunnelStep(RetailVocabulary.Step(s).Touchpoint, _funnel[i])).ToList();
        var leak = funnel.Skip(1)
            .Select((step, i) => new RetailLeak(funnel[i].Touchpoint, step.Touchpoint, funnel[i].People == 0 ? 0 : Math.Round(1 - (double)step.People / funnel[i].People, 4)))
            .MaxBy(l => l.LostShare)!;
        var end = options.EffectiveEndDate;
        return new RetailTruth
        {
            Seed = options.Seed,
            FirstDay = end.AddDays(1 - options.Days),
            LastDay = end,
            Events = events,
            DuplicateRows = duplicates,
            Persons = _persons,
            Buyers = _channels.Values.Sum(c => c.Buyers),
            Orders = _orders,
            Revenue = _revenueCents / 100m,
            EventsByEvent = byEvent,
            EventsByTouchpoint = byTouchpoint,
            ConversionByChannel = _channels
                .OrderBy(c => Array.IndexOf(RetailVocabulary.ChannelNames, c.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new RetailChannelTruth(c.Key, c.Value.People, c.Value.Buyers, Math.Round((double)c.Value.Buyers / c.Value.People, 4)))
                .ToList(),
            Funnel = funnel,
            BiggestLeak = leak,
            Names = RetailVocabulary.Names.Select(n => new RetailNameTruth(n.Kind, n.Name, n.Canonical)).ToList(),
        };
    }
}
