using System.Net.Sockets;

namespace SocketBench.Server;

/// <summary>
/// The listening socket and the accept loop: sequential (the spec's server) or, with
/// <c>--concurrency N</c> above 1, up to N clients at once (<c>MessageServer.Concurrent.cs</c>).
/// <see cref="DoAccept"/> catches and classifies accept errors; the <c>Process…</c> loops have no
/// try/catch (STYLE.md point 11, after Kestrel's DoReceive/ProcessReceives).
/// </summary>
internal sealed partial class MessageServer : IDisposable
{
    private readonly ServerOptions _options;
    private readonly Socket _listener;
    private readonly ShutdownSignal _shutdown;
    private readonly StdoutSink _stdout;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly HashSet<ServedClient> _active = [];
    private ITimer? _graceTimer;
    private TimeSpan _backoff = TimeSpan.Zero;
    private long _lastResourceLog;

    private MessageServer(ServerOptions options, Socket listener, StdoutSink stdout, ShutdownSignal shutdown, TimeProvider time)
    {
        _options = options;
        _listener = listener;
        _shutdown = shutdown;
        _stdout = stdout;
        _time = time;
    }

    /// <summary>Listens, serves clients until SIGINT/SIGTERM, and returns the exit code.</summary>
    public static ExitCode Run(ServerOptions options)
    {
        using var shutdown = new ShutdownSignal();
        StdoutSink stdout;
        try
        {
            stdout = new StdoutSink();
        }
        catch (StdoutFailedException e)
        {
            Diagnostics.Line(e.Message);
            return ExitCode.IoError;
        }

        using (stdout)
        {
            var (listener, failure) = Listener.Open(options);
            if (listener is null)
            {
                return failure;
            }

            using var server = new MessageServer(options, listener, stdout, shutdown, TimeProvider.System);
            using var registration = shutdown.Token.Register(server.OnShutdown);
            try
            {
                return options.Concurrency > 1 ? server.ProcessConcurrentAccepts() : server.ProcessAccepts();
            }
            catch (StdoutFailedException e)
            {
                Diagnostics.Line(e.Message);
                return ExitCode.IoError;
            }
        }
    }

    public void Dispose()
    {
        _graceTimer?.Dispose();
        _listener.Dispose();
    }

    private ExitCode ProcessAccepts()
    {
        using var session = new ClientSession(_options, _stdout, new byte[ServerConstants.BufferSize], _time);
        while (!_shutdown.IsRequested)
        {
            var (client, exit) = DoAccept();
            if (exit is { } code)
            {
                return code;
            }

            if (client is null)
            {
                continue;
            }

            var served = Begin(client);
            var written = false;
            try
            {
                session.Serve(client, _shutdown.IsRequested, served.Cut);
                written = true;
            }
            finally
            {
                End(served, abort: !written);
            }
        }

        return ExitCode.Ok;
    }

    /// <summary>Registers a client as served (so a cut can reach it) and arms its <c>--client-timeout</c>.</summary>
    private ServedClient Begin(Socket client)
    {
        var served = new ServedClient(client);
        lock (_gate)
        {
            _active.Add(served);
        }

        // One timer per client, only with --client-timeout: nothing runs per chunk.
        served.Deadline = _options.ClientTimeout is { } limit
            ? _time.CreateTimer(static s => ((ClientTimer)s!).Fire(), new ClientTimer(this, served), limit, Timeout.InfiniteTimeSpan)
            : null;
        return served;
    }

    /// <summary>Unregisters and closes a client; <paramref name="abort"/> (stdout failed under it) closes with RST.</summary>
    private void End(ServedClient served, bool abort)
    {
        lock (_gate)
        {
            _active.Remove(served);
        }

        served.Deadline?.Dispose();
        if (abort)
        {
            ClientReceiver.Abort(served.Socket);
        }

        served.Socket.Dispose();
    }

    private (Socket? Client, ExitCode? Exit) DoAccept()
    {
        try
        {
            var client = _listener.Accept();
            _backoff = TimeSpan.Zero;
            Configure(client);
            return (client, null);
        }
        catch (Exception e) when (_shutdown.IsRequested && e is SocketException or ObjectDisposedException)
        {
            return (null, ExitCode.Ok);
        }
        catch (SocketException e)
        {
            switch (SocketErrorClassifier.ClassifyAccept(e.SocketErrorCode))
            {
                case FailureKind.PerClient:
                    Diagnostics.Line($"accept failed for one client ({e.SocketErrorCode}): {e.Message}; going on");
                    return (null, null);
                case FailureKind.Resource:
                    BackOff(e);
                    return (null, null);
                default:
                    Diagnostics.Line($"accept failed ({e.SocketErrorCode}): {e.Message}");
                    return (null, ExitCode.OsError);
            }
        }
    }

    /// <summary>
    /// TCP keepalive (idle 60 s, 6 probes 10 s apart) so a client whose host vanished without a
    /// FIN or RST ends in an error after about 2 minutes instead of holding the server forever;
    /// and the idle timeout as SO_RCVTIMEO. Best effort: a failure is one line and the client is served.
    /// </summary>
    private void Configure(Socket client)
    {
        try
        {
            client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, ServerConstants.KeepAliveIdleSeconds);
            client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, ServerConstants.KeepAliveIntervalSeconds);
            client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, ServerConstants.KeepAliveProbes);
            if (_options.IdleTimeout is { } idle)
            {
                client.ReceiveTimeout = (int)Math.Max(1, idle.TotalMilliseconds);
            }
        }
        catch (SocketException e)
        {
            Diagnostics.Line($"cannot set keepalive or idle timeout on a client ({e.SocketErrorCode}): {e.Message}; serving it anyway");
        }
    }

    /// <summary>EMFILE/ENFILE/ENOBUFS leave the client queued: wait 5 ms doubling to 1 s, never spin.</summary>
    private void BackOff(SocketException e)
    {
        _backoff = _backoff == TimeSpan.Zero
            ? ServerConstants.AcceptBackoffInitial
            : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, ServerConstants.AcceptBackoffMax.Ticks));
        var now = _time.GetTimestamp();
        if (_lastResourceLog == 0 || _time.GetElapsedTime(_lastResourceLog, now) >= ServerConstants.ResourceLogInterval)
        {
            _lastResourceLog = now;
            Diagnostics.Line($"accept failed ({e.SocketErrorCode}): {e.Message}; backing off {(int)_backoff.TotalMilliseconds} ms");
        }

        _shutdown.Token.WaitHandle.WaitOne(_backoff);
    }

    /// <summary>Runs on the signal thread: stop accepting, give the clients in progress a grace period.</summary>
    private void OnShutdown()
    {
        _listener.Dispose();
        lock (_gate)
        {
            _graceTimer = _time.CreateTimer(_ => CutAll(announce: true), null, ServerConstants.ShutdownGrace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Closes every client in progress as unfinished at shutdown: their blocked receives return and
    /// their sessions end. <paramref name="announce"/>: the grace period is over (one line says so).
    /// </summary>
    private void CutAll(bool announce)
    {
        lock (_gate)
        {
            if (_active.Count > 0 && announce)
            {
                Diagnostics.Line($"grace period of {ServerConstants.ShutdownGrace.TotalSeconds:0} s over, closing {_active.Count} client(s) in progress");
            }

            foreach (var client in _active)
            {
                Cut(client, ServerConstants.ShutdownOutcome);
            }
        }
    }

    /// <summary>Closes <paramref name="client"/> if it is still served: its blocked receive returns and its session ends with <paramref name="reason"/>.</summary>
    private void Cut(ServedClient client, string reason)
    {
        lock (_gate)
        {
            if (!_active.Contains(client))
            {
                return;
            }

            client.Cut.Set(reason);
            try
            {
                // Concurrent mode stops only the receive (a blocked receive returns 0, nothing is
                // sent): the session then decides how the client learns its fate (RST when its
                // bytes are discarded), so no FIN can pass for a confirmation.
                client.Socket.Shutdown(_options.Concurrency > 1 ? SocketShutdown.Receive : SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The state of one client's <c>--client-timeout</c> timer: which server, which client.</summary>
    private sealed class ClientTimer(MessageServer server, ServedClient client)
    {
        public void Fire() => server.Cut(client, ServerConstants.ClientTimeoutOutcome);
    }
}
