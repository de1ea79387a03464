using System.Runtime.InteropServices;

namespace SocketBench.Server;

/// <summary>
/// SIGINT and SIGTERM as one cancellation token (.NET 10 installs no SIGTERM handler, so both
/// are registered explicitly; reference/errors.md section 6). The first signal requests a
/// graceful stop; a second one is left to its default action and ends the process at once.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public ShutdownSignal()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled when the first SIGINT or SIGTERM arrives.</summary>
    public CancellationToken Token => _cts.Token;

    public bool IsRequested => _cts.IsCancellationRequested;

    /// <summary>Requests the same graceful stop as a signal (the server's own fatal error does).</summary>
    public void Request() => _cts.Cancel();

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_cts.IsCancellationRequested)
        {
            return; // second signal: default action
        }

        context.Cancel = true;
        Diagnostics.Line($"{context.Signal} received, shutting down");
        _cts.Cancel();
    }
}
