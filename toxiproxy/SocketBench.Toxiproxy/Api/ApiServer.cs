using System.Collections.Concurrent;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// The HTTP listener of the API: an accept loop handing each connection to an <see cref="HttpConnection"/>,
/// at most <see cref="ToxiproxyOptions.MaxApiConnections"/> at once (one more is answered 503 and closed).
/// </summary>
internal sealed class ApiServer(Socket listener, ApiRouter router, ToxiproxyOptions options)
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Task, byte> connections = new();
    private Task? acceptLoop;
    private int open;

    /// <summary>Connections being served now.</summary>
    public int OpenConnections => Volatile.Read(ref open);

    /// <summary>Starts accepting.</summary>
    public void Start() => acceptLoop = Task.Run(DoAcceptAsync);

    /// <summary>Stops accepting and waits (briefly) for open requests to finish.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        if (acceptLoop is not null)
        {
            await acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(connections.Keys).WaitAsync(TimeSpan.FromSeconds(5), options.TimeProvider)
            .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private async Task DoAcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ProcessAcceptsAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                options.Log.Write(LogLevel.Warn, "API accept failed", ("err", e.SocketErrorCode));
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), options.TimeProvider, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ProcessAcceptsAsync()
    {
        while (true)
        {
            var socket = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
            socket.NoDelay = true;
            if (Interlocked.Increment(ref open) > options.MaxApiConnections)
            {
                Interlocked.Decrement(ref open);
                options.Log.Write(LogLevel.Warn, "API connection refused: too many open", ("max", options.MaxApiConnections));
                _ = HttpConnection.RefuseAsync(socket, options);
                continue;
            }

            var task = new HttpConnection(socket, router, options).RunAsync(stop.Token);
            connections.TryAdd(task, 0);
            _ = task.ContinueWith(
                t =>
                {
                    connections.TryRemove(t, out _);
                    Interlocked.Decrement(ref open);
                },
                TaskScheduler.Default);
        }
    }
}
