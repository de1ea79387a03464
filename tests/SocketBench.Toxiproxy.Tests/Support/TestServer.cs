using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>A loopback TCP server on an OS-chosen port that hands each accepted socket to a handler.</summary>
internal sealed class TestServer : IDisposable
{
    private readonly Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<Socket> accepted = new();

    private TestServer(Func<Socket, Task> handler)
    {
        listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _ = AcceptLoop(handler);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Sockets accepted so far.</summary>
    public IReadOnlyCollection<Socket> Accepted => accepted;

    /// <summary>Echoes every byte back.</summary>
    public static TestServer Echo() => new(async s =>
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await s.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                s.Shutdown(SocketShutdown.Send);
                return;
            }

            await s.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
        }
    });

    /// <summary>Accepts and does nothing (the test drives the socket via <see cref="NextAsync"/>).</summary>
    public static TestServer Manual() => new(_ => Task.CompletedTask);

    /// <summary>Waits for the next accepted socket.</summary>
    public async Task<Socket> NextAsync(TimeSpan? limit = null)
    {
        Socket? socket = null;
        await Eventually.UntilAsync(() => accepted.TryDequeue(out socket), limit ?? TimeSpan.FromSeconds(5), "upstream accept");
        return socket!;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
    }

    private async Task AcceptLoop(Func<Socket, Task> handler)
    {
        while (true)
        {
            Socket s;
            try
            {
                s = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            s.NoDelay = true;
            accepted.Enqueue(s);
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(s);
                }
                catch (Exception)
                {
                    // connection ended
                }
            });
        }
    }
}
