namespace SocketBench.Toxiproxy.Cli;

/// <summary>One flag of a command: Go-style, so <c>-n x</c>, <c>--toxicName=x</c> and <c>-toxicName x</c> all work.</summary>
internal sealed record CliFlag(string Name, string[] Aliases, string Usage, bool IsBool = false, bool Repeatable = false)
{
    public bool Matches(string name) => Name == name || Aliases.Contains(name);
}
