using System.Net.Sockets;

namespace SocketBench.Server;

/// <summary>
/// The listening socket and the sequential accept loop. <see cref="DoAccept"/> catches and
/// classifies accept errors; <see cref="ProcessAccepts"/> is the loop, with no try/catch
/// (STYLE.md point 11, after Kestrel's DoReceive/ProcessReceives).
/// </summary>
internal sealed class MessageServer : IDisposable
{
    private readonly ServerOptions _options;
    private readonly Socket _listener;
    private readonly ShutdownSignal _shutdown;
    private readonly ClientSession _session;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ClientCut _cut = new();
    private Socket? _current;
    private ITimer? _graceTimer;
    private TimeSpan _backoff = TimeSpan.Zero;
    private long _lastResourceLog;

    private MessageServer(ServerOptions options, Socket listener, StdoutSink stdout, ShutdownSignal shutdown, TimeProvider time)
    {
        _options = options;
        _listener = listener;
        _shutdown = shutdown;
        _time = time;
        _session = new ClientSession(options, stdout, new byte[ServerConstants.BufferSize], time);
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
                return server.ProcessAccepts();
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

            lock (_gate)
            {
                _current = client;
                _cut.Clear();
            }

            // One timer per client, only with --client-timeout: nothing runs per chunk.
            using var deadline = _options.ClientTimeout is { } limit
                ? _time.CreateTimer(static s => ((ClientTimer)s!).Fire(), new ClientTimer(this, client), limit, Timeout.InfiniteTimeSpan)
                : null;
            try
            {
                _session.Serve(client, _shutdown.IsRequested, _cut);
            }
            finally
            {
                lock (_gate)
                {
                    _current = null;
                }

                client.Dispose();
            }
        }

        return ExitCode.Ok;
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

    /// <summary>Runs on the signal thread: stop accepting, give the client in progress a grace period.</summary>
    private void OnShutdown()
    {
        _listener.Dispose();
        lock (_gate)
        {
            _graceTimer = _time.CreateTimer(_ => Cut(null, ServerConstants.ShutdownOutcome), null, ServerConstants.ShutdownGrace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Closes the client in progress (only if it is still <paramref name="expected"/>, when given):
    /// its blocked receive returns and the session ends with <paramref name="reason"/>.
    /// </summary>
    private void Cut(Socket? expected, string reason)
    {
        lock (_gate)
        {
            if (_current is { } client && (expected is null || ReferenceEquals(client, expected)))
            {
                _cut.Set(reason);
                if (reason == ServerConstants.ShutdownOutcome)
                {
                    Diagnostics.Line($"grace period of {ServerConstants.ShutdownGrace.TotalSeconds:0} s over, closing the client in progress");
                }

                try
                {
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    /// <summary>The state of one client's <c>--client-timeout</c> timer: which server, which client.</summary>
    private sealed class ClientTimer(MessageServer server, Socket client)
    {
        public void Fire() => server.Cut(client, ServerConstants.ClientTimeoutOutcome);
    }
}
