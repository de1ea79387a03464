namespace SocketBench.Server;

/// <summary>stdout is gone: the server exists to print, so this is fatal (exit 74).</summary>
internal sealed class StdoutFailedException(string message) : Exception(message);
