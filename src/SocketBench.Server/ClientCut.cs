namespace SocketBench.Server;

/// <summary>
/// Why the server closed a client itself (a timer or the shutdown sets it, the session reads it
/// once its receives end). One instance per served client.
/// </summary>
internal sealed class ClientCut
{
    private volatile string? _reason;

    public string? Reason => _reason;

    /// <summary>Records the first reason only.</summary>
    public void Set(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);
}
