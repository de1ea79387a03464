namespace SocketBench.Toxiproxy.Tests.Cli;

/// <summary>What one CLI run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
