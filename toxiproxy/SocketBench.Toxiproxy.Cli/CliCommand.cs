namespace SocketBench.Toxiproxy.Cli;

/// <summary>A command or subcommand: its names, one-line usage, flags and what it runs.</summary>
internal sealed record CliCommand(string Name, string[] Aliases, string Usage, string ArgsUsage, CliFlag[] Flags)
{
    public bool Matches(string name) => Name == name || Aliases.Contains(name);
}
