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
            }

            try
            {
                _session.Serve(client, _shutdown.IsRequested);
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
            if (_options.IdleTimeout is { } idle)
            {
                client.ReceiveTimeout = (int)Math.Max(1, idle.TotalMilliseconds);
            }

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
            _graceTimer = _time.CreateTimer(_ => CutCurrentClient(), null, ServerConstants.ShutdownGrace, Timeout.InfiniteTimeSpan);
        }
    }

    private void CutCurrentClient()
    {
        lock (_gate)
        {
            if (_current is { } client)
            {
                Diagnostics.Line($"grace period of {ServerConstants.ShutdownGrace.TotalSeconds:0} s over, closing the client in progress");
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
}
