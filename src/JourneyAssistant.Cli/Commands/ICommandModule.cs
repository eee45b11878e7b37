using System.CommandLine;

namespace JourneyAssistant.Cli.Commands;

/// <summary>A group of `journey` sub-commands. Modules are discovered, so a new command is a new file, not an edit to Program.cs.</summary>
public interface ICommandModule
{
    /// <summary>Adds this module's commands to the root command.</summary>
    void AddTo(RootCommand root, CliHost host);
}
