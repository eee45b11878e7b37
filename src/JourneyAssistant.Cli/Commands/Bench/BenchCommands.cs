using System.CommandLine;

namespace JourneyAssistant.Cli.Commands.Bench;

/// <summary>`journey bench …`: the benchmarks, one file per kind; none of them is a user command.</summary>
public sealed class BenchCommands : ICommandModule
{
    public void AddTo(RootCommand root, CliHost host) =>
        root.Subcommands.Add(new Command("bench", "Benchmarks / 性能基准")
        {
            AskBench.Create(host),
            BotBench.Create(host),
            MetricBench.Create(host),
            SkillBench.Create(host),
            IngestBench.Create(host),
            ChartBench.Create(host),
        });
}
