using System.Runtime.InteropServices;

namespace SocketBench.Server;

/// <summary>
/// SIGINT and SIGTERM as one cancellation token (.NET 10 installs no SIGTERM handler, so both
/// are registered explicitly; reference/errors.md section 6). The first signal requests a
/// graceful stop; a second one is left to its default action and ends the process at once.
/// </summary>
/// <remarks>
/// SIGINT is reset to its default action before it is registered: a server started as a background
/// job of a non-interactive shell inherits it ignored, and .NET then installs no handler for it
/// (it honours an inherited ignore of SIGINT and SIGQUIT), so the server would outlive the SIGINT
/// its contract says ends it. The C and Python servers install their handlers unconditionally too.
/// </remarks>
internal sealed partial class ShutdownSignal : IDisposable
{
    private const int SigInt = 2;
    private const nint SigDfl = 0;
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public ShutdownSignal()
    {
        _ = Signal(SigInt, SigDfl);
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

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
