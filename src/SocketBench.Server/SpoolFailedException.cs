namespace SocketBench.Server;

/// <summary>A spool file could not be created or written (disk full): only this client fails.</summary>
internal sealed class SpoolFailedException(string message) : Exception(message);
