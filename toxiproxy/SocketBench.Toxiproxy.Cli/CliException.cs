namespace SocketBench.Toxiproxy.Cli;

/// <summary>A failure the CLI reports as one stderr line and an exit code (never a stack trace).</summary>
internal sealed class CliException(string message, int exitCode = CliConstants.ExitFailure) : Exception(message)
{
    /// <summary>The process exit code: <see cref="CliConstants.ExitFailure"/> or <see cref="CliConstants.ExitUsage"/>.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A malformed command line (exit 64).</summary>
    public static CliException Usage(string message) => new(message, CliConstants.ExitUsage);
}
