namespace SocketBench.Cli;

/// <summary>A bad or missing command-line argument; the message is the one line printed (exit 64).</summary>
public sealed class UsageException(string message) : Exception(message);
