namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// Puts the server (or one proxy) back as it was when disposed: for tests, so a failing test never leaves
/// toxics or a disabled proxy behind for the next one.
/// <code>
///   await using var scope = client.ResetOnDispose();       // POST /reset at the end
///   await using var scope = proxy.ResetOnDispose();        // this proxy's toxics removed, enabled again
/// </code>
/// </summary>
public sealed class ToxiproxyResetScope : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> reset;
    private int disposed;

    internal ToxiproxyResetScope(Func<CancellationToken, Task> reset) => this.reset = reset;

    /// <summary>Resets once; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await reset(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
